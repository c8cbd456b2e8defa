/** Chapter 8, FILESYSTEM recovery: what a restarted master reads back, and the re-registration race. */
import { MASTER, PERSISTENCE, ref, WORKER } from '../../spark/refs';
import type { Chapter } from '../chapter';

export const filesystemRecovery: Chapter = {
  id: 'filesystem-recovery',
  key: 'fs',
  scenario: '05-filesystem-master-restart.json',
  steps: [
    { id: 'persist', anchor: { start: 'master-1' }, highlight: { node: 'master-1' }, source: ref(MASTER, 'onStart') },
    {
      id: 'written',
      anchor: { deliver: 'RegisterWorker', to: 'master-1' },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'registerWorker'),
    },
    { id: 'restart', anchor: { fault: 'restart', target: 'master-1' }, highlight: { node: 'master-1' } },
    {
      id: 'elected',
      anchor: { deliver: 'ElectedLeader', to: 'master-1', before: true },
      highlight: { node: 'master-1' },
      source: ref(PERSISTENCE, 'readPersistedData'),
      predict: { choices: 4, answer: 2 },
    },
    {
      id: 'reregister',
      anchor: { state: 'Disconnected', node: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'masterDisconnected'),
    },
    {
      id: 'race',
      anchor: { deliver: 'RegisterWorker', to: 'master-1', from: 'worker-1' },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'receive', 'RegisterWorker'),
    },
    {
      id: 'changed',
      anchor: { deliver: 'MasterChanged', to: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'receive', 'MasterChanged'),
    },
    {
      id: 'complete',
      anchor: { state: 'ALIVE', node: 'master-1' },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'completeRecovery'),
    },
  ],
  tryIt: {
    fault: { action: 'restart', target: 'master-1' },
    expect: { log: /^Recovery complete/, node: 'master-1' },
    withinMs: 120_000,
  },
};
