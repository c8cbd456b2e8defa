/** Chapter 2, registration: `tryRegisterAllMasters`, the answers, and the retry timers until a worker gives up. */
import { ref, WORKER } from '../../spark/refs';
import type { Chapter } from '../chapter';

export const registration: Chapter = {
  id: 'registration',
  key: 'reg',
  scenario: '03-workers-give-up.json',
  steps: [
    { id: 'dead', anchor: { fault: 'kill', target: 'master-1' }, highlight: { node: 'master-1' } },
    {
      id: 'start',
      anchor: { start: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'tryRegisterAllMasters'),
    },
    {
      id: 'refused',
      anchor: { sendFailed: 'RegisterWorker', node: 'worker-1', before: true },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'sendRegisterMessageToMaster'),
      predict: { choices: 4, answer: 2 },
    },
    {
      id: 'retry',
      anchor: { timer: 'ReregisterWithMaster', node: 'worker-1' },
      highlight: { node: 'worker-1', timer: 'ReregisterWithMaster' },
      source: ref(WORKER, 'reregisterWithMaster'),
    },
    {
      id: 'prolonged',
      anchor: { state: 'Registering.Prolonged', node: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'reregisterWithMaster'),
    },
    {
      id: 'giveup',
      anchor: { log: 'All masters are unresponsive! Giving up.', node: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'reregisterWithMaster'),
    },
  ],
  tryIt: {
    fault: { action: 'restart', target: 'master-1' },
    expect: { deliver: 'RegisteredWorker' },
    withinMs: 120_000,
  },
};
