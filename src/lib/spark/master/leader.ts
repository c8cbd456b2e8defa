/**
 * The Master's LeaderElectionAgent (spec §a.4). Monarchy (NONE, FILESYSTEM, ROCKSDB) elects the
 * master at once and never revokes. ZooKeeper runs a Curator LeaderLatch against the ZooKeeper
 * node: the latch holder is told it is leader along with `master_status`; a lost latch or a lost
 * ZooKeeper connection while leading means `RevokedLeadership`.
 */
import { LEADER_AGENT, ZK_AGENT, ref } from '../refs';
import type { PersistedState } from '../messages';
import type { Env, MasterContext } from './context';
import { print } from '../print';

/** Curator's connection timeout: a ZooKeeper ping unanswered this long means SUSPENDED. */
export const ZK_CONNECTION_TIMEOUT_MS = 15_000;
/** The ZooKeeper client pings every third of the 60 s session timeout. */
export const ZK_PING_MS = 20_000;
/** Curator's retry base. */
export const ZK_RETRY_MS = 5_000;
/**
 * The ZooKeeper client's read timeout, 2/3 of the 60 s session: a client that heard nothing from
 * its server for this long (a long GC pause) drops the connection before it reads what came
 * meanwhile (`ClientCnxn.SendThread`), so a latch notice that waited out a pause is never acted on.
 */
export const ZK_READ_TIMEOUT_MS = 40_000;

/**
 * Whether a message from ZooKeeper arrives at a client that has already given its connection up
 * (it heard nothing for the read timeout); then the connection is lost first (`onZooKeeperLost`).
 * Otherwise the client has heard from its server now.
 */
export function zooKeeperTimedOut(m: MasterContext, env: Env): boolean {
  const idle = env.io.now - m.zkHeard;
  if (idle > ZK_READ_TIMEOUT_MS) {
    env.io.ignored(
      `the ZooKeeper client heard nothing for ${Math.round(idle / 1000)} s (its read timeout is 40 s): it drops the connection before reading this`,
    );
    onZooKeeperLost(m, env);
    return true;
  }
  m.zkHeard = env.io.now;
  return false;
}

export function startLeaderAgent(m: MasterContext, env: Env): void {
  if (m.conf.recoveryMode !== 'ZOOKEEPER') {
    env.io.handler(ref(LEADER_AGENT, 'MonarchyLeaderAgent'));
    m.leaderStatus = 'LEADER';
    env.io.send(m.address, { type: 'ElectedLeader' });
    return;
  }
  env.io.handler(ref(ZK_AGENT, 'start'));
  print(env.io, 'leader-election.starting');
  joinLatch(m, env);
  env.io.setTimer('zk-ping', 'ZkPing', ZK_PING_MS, ZK_PING_MS);
}

function joinLatch(m: MasterContext, env: Env): void {
  m.zkHeard = env.io.now;
  env.io.send(m.conf.zookeeperUrl, {
    type: 'ZkJoinLatch',
    path: `${m.conf.zookeeperDir}/leader_election`,
    participant: m.address,
    attempt: ++m.zkAttempt,
  });
}

/** The ZooKeeper client's session ping (an ask; no answer in time = connection SUSPENDED). */
export function pingZooKeeper(m: MasterContext, env: Env): void {
  env.io.ask(m.conf.zookeeperUrl, { type: 'ZkPing' }, 'zk-ping', ZK_CONNECTION_TIMEOUT_MS);
}

/**
 * `isLeader` / `notLeader` callbacks of the latch. Like Spark's agent, which first checks
 * `leaderLatch.hasLeadership`, a notice about a latch node this master has since abandoned (it
 * reconnected and joined again) changes nothing.
 */
export function onLatchState(
  m: MasterContext,
  env: Env,
  leader: boolean,
  attempt: number,
  persisted?: PersistedState,
): void {
  if (attempt !== m.zkAttempt) return;
  if (zooKeeperTimedOut(m, env)) return;
  m.zkConnected = true;
  env.io.cancelTimer('zk-reconnect');
  if (leader) {
    env.io.handler(ref(ZK_AGENT, 'isLeader'));
    print(env.io, 'leader-election.gained');
    if (m.leaderStatus === 'NOT_LEADER') {
      m.leaderStatus = 'LEADER';
      if (persisted) m.persisted = persisted;
      env.io.send(m.address, { type: 'ElectedLeader' });
    }
  } else {
    loseLeadership(m, env);
  }
}

function loseLeadership(m: MasterContext, env: Env): void {
  env.io.handler(ref(ZK_AGENT, 'notLeader'));
  print(env.io, 'leader-election.lost');
  if (m.leaderStatus === 'LEADER') {
    m.leaderStatus = 'NOT_LEADER';
    env.io.send(m.address, { type: 'RevokedLeadership' });
  }
}

/**
 * The ZooKeeper connection was lost (reset, or a ping timed out): Curator moves to SUSPENDED and
 * the latch gives up leadership. A standby keeps trying to reconnect.
 */
export function onZooKeeperLost(m: MasterContext, env: Env): void {
  m.zkConnected = false;
  if (m.leaderStatus === 'LEADER') loseLeadership(m, env);
  else env.io.setTimer('zk-reconnect', 'ZkReconnect', ZK_RETRY_MS);
}

/** Curator's reconnect: only for a client that is still disconnected. */
export function reconnectZooKeeper(m: MasterContext, env: Env): void {
  if (m.zkConnected) return;
  joinLatch(m, env);
}
