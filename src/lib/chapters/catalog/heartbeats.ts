/** Chapter 3, heartbeats and timeouts: `SendHeartbeat`, `CheckForWorkerTimeOut`, DEAD, `ReconnectWorker`. */
import { MASTER, ref, WORKER } from '../../spark/refs';
import type { Chapter } from '../chapter';

export const heartbeats: Chapter = {
  id: 'heartbeats',
  key: 'hb',
  scenario: '02-worker-timeout-and-reconnect.json',
  steps: [
    {
      id: 'send',
      anchor: { timer: 'SendHeartbeat', node: 'worker-2' },
      highlight: { node: 'worker-2', timer: 'SendHeartbeat' },
      source: ref(WORKER, 'receive', 'SendHeartbeat'),
    },
    {
      id: 'receive',
      anchor: { deliver: 'Heartbeat', to: 'master-1', from: 'worker-2' },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'receive', 'Heartbeat'),
    },
    { id: 'partition', anchor: { fault: 'partition' }, highlight: { node: 'worker-2' } },
    {
      id: 'remove',
      anchor: { log: 'because we got no heartbeat', node: 'master-1', before: true },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'timeOutDeadWorkers'),
      predict: { choices: 4, answer: 2 },
    },
    {
      id: 'dead',
      anchor: { log: 'because we got no heartbeat', node: 'master-1' },
      highlight: { node: 'master-1', row: { table: 'workers', id: 'worker2' } },
      source: ref(MASTER, 'removeWorker'),
    },
    { id: 'heal', anchor: { fault: 'heal' }, highlight: { node: 'worker-2' } },
    {
      id: 'reconnect',
      anchor: { deliver: 'ReconnectWorker', to: 'worker-2' },
      highlight: { node: 'worker-2' },
      source: ref(WORKER, 'receive', 'ReconnectWorker'),
    },
    {
      id: 'again',
      anchor: { deliver: 'RegisteredWorker', to: 'worker-2' },
      highlight: { node: 'worker-2' },
      source: ref(MASTER, 'registerWorker'),
    },
  ],
  tryIt: {
    fault: { action: 'partition', target: 'worker-1' },
    expect: { log: /^Removing \S*worker1\S* because we got no heartbeat/, node: 'master-1' },
    withinMs: 150_000,
  },
};
