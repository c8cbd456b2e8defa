/** Chapter 4, high availability with ZooKeeper: the latch, `ElectedLeader`, recovery, `MasterChanged`. */
import { MASTER, ref, WORKER, ZK_AGENT } from '../../spark/refs';
import type { Chapter } from '../chapter';

export const highAvailability: Chapter = {
  id: 'high-availability',
  key: 'ha',
  scenario: '04-zookeeper-failover.json',
  steps: [
    {
      id: 'latch',
      anchor: { deliver: 'ZkLatchState', to: 'master-1' },
      highlight: { node: 'master-1' },
      source: ref(ZK_AGENT, 'isLeader'),
    },
    {
      id: 'standby',
      anchor: { deliver: 'MasterInStandby', to: 'worker-2' },
      highlight: { node: 'master-2' },
      source: ref(MASTER, 'receive', 'RegisterWorker'),
    },
    { id: 'kill', anchor: { fault: 'kill', target: 'master-1' }, highlight: { node: 'master-1' } },
    {
      id: 'disconnected',
      anchor: { state: 'Disconnected', node: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'masterDisconnected'),
    },
    {
      id: 'expired',
      anchor: { timer: 'SessionExpired', node: 'zk' },
      highlight: { node: 'zk' },
    },
    {
      id: 'elected',
      anchor: { deliver: 'ElectedLeader', to: 'master-2', before: true },
      highlight: { node: 'master-2' },
      source: ref(MASTER, 'beginRecovery'),
      predict: { choices: 4, answer: 3 },
    },
    {
      id: 'recovering',
      anchor: { deliver: 'ElectedLeader', to: 'master-2' },
      highlight: { node: 'master-2' },
      source: ref(MASTER, 'beginRecovery'),
    },
    {
      id: 'changed',
      anchor: { deliver: 'MasterChanged', to: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'receive', 'MasterChanged'),
    },
    {
      id: 'complete',
      anchor: { state: 'ALIVE', node: 'master-2' },
      highlight: { node: 'master-2' },
      source: ref(MASTER, 'completeRecovery'),
    },
  ],
  tryIt: {
    fault: { action: 'kill', target: 'master-2' },
    expect: { state: 'ALIVE', node: 'master-3' },
    withinMs: 180_000,
  },
};
