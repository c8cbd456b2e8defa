/**
 * The ZooKeeper server, as the rest of the product sees it (`DaemonDescriptor`): a circle along
 * the top, who holds the leader latch, the latch's participants and its znodes (the latch nodes
 * and what Spark persisted).
 */
import { daemon, table } from '../daemon';
import type { ZkState } from './server';

const participants = table<ZkState, ZkState['participants'][number]>({
  key: 'participants',
  rows: (s) => s.participants,
  id: (p) => p.address,
  cols: [{ key: 'address', format: 'address' }, { key: 'node' }, { key: 'attempt' }],
  values: (p) => [p.address, `latch-${String(p.seq).padStart(10, '0')}`, p.attempt],
});

const znodes = table<ZkState, string>({
  key: 'znodes',
  rows: (s) => Object.keys(s.data).sort(),
  id: (path) => path,
  cols: [{ key: 'path' }],
  values: (path) => [path],
});

export const zookeeperDaemon = daemon<ZkState, Record<string, never>>({
  kind: 'zookeeper',
  label: 'daemon_zookeeper',
  draw: { place: 'top', shape: 'circle', order: 1 },
  lane: 0,
  facts: () => ({}),
  status: {
    cols: [{ key: 'leader', format: 'address' }, { key: 'participants' }, { key: 'sessions' }],
    values: (s) => [s.leader, s.participants.length, s.sessions],
  },
  tables: [participants, znodes],
  badge: 'leader',
  /** Who holds the leader latch. */
  probe: (snapshot) => ({ leader: (snapshot as ZkState).leader }),
});
