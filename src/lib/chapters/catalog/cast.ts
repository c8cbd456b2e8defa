/** Chapter 1, the cast: Master and Worker as RPC endpoints, their `onStart`, a master's RecoveryState. */
import { MASTER, ref, WORKER } from '../../spark/refs';
import type { Chapter } from '../chapter';

export const cast: Chapter = {
  id: 'cast',
  key: 'cast',
  scenario: '01-register-three-workers.json',
  steps: [
    { id: 'master', anchor: { start: 'master-1' }, highlight: { node: 'master-1' }, source: ref(MASTER, 'onStart') },
    {
      id: 'elected',
      anchor: { deliver: 'ElectedLeader', to: 'master-1' },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'receive', 'ElectedLeader'),
    },
    { id: 'worker', anchor: { start: 'worker-1' }, highlight: { node: 'worker-1' }, source: ref(WORKER, 'onStart') },
    {
      id: 'register',
      anchor: { deliver: 'RegisterWorker', to: 'master-1', from: 'worker-1', before: true },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'receive', 'RegisterWorker'),
      predict: { choices: 4, answer: 1 },
    },
    {
      id: 'registered',
      anchor: { deliver: 'RegisteredWorker', to: 'worker-1' },
      highlight: { node: 'worker-1', timer: 'SendHeartbeat' },
      source: ref(WORKER, 'handleRegisterResponse', 'RegisteredWorker'),
    },
    {
      id: 'timeout',
      anchor: { timer: 'CheckForWorkerTimeOut', node: 'master-1' },
      highlight: { node: 'master-1', timer: 'CheckForWorkerTimeOut' },
      source: ref(MASTER, 'timeOutDeadWorkers'),
    },
  ],
  tryIt: {
    fault: { action: 'kill', target: 'worker-2' },
    expect: { log: /^Removing worker \S*worker2/, node: 'master-1' },
    withinMs: 150_000,
  },
};
