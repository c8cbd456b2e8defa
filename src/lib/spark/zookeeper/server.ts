/**
 * A ZooKeeper server, just enough for Spark: Curator LeaderLatch participants (ephemeral sequential
 * nodes under `<dir>/leader_election`, lowest sequence leads), sessions that expire 60 s after the
 * last ping (a killed master's latch node lingers until then), and `<dir>/master_status` znodes.
 *
 * Everything is kept on the server's own durable disk, as ZooKeeper's transaction log keeps it:
 * a restarted server still has its sessions and their latch nodes, and gives each session the
 * whole timeout anew (`SessionTrackerImpl` on load), so the latch holder before the restart holds
 * it after. Its clients lose their connections all the same, and Curator acts on that.
 */
import type { Actor, ActorIO, ActorKind } from '../../sim/actor';
import { DaemonRows } from '../daemon-rows';
import { print, speak } from '../print';
import { SPARK_VERSION } from '../format';
import { zookeeperDaemon } from './daemon';
import { ZK_MOUNT } from './mount';
import type { Address, Input } from '../../sim/types';
import type { PersistedApp, PersistedDriver, PersistedState, PersistedWorker, SparkMessage } from '../messages';

export const ZK_SESSION_TIMEOUT_MS = 60_000;
export { ZK_MOUNT };

/** A latch node's data: the session that owns the ephemeral node, and the master's join attempt. */
interface LatchNode {
  session: Address;
  attempt: number;
}
/** The latch folder's data: its child version, which numbers the next sequential node. */
interface LatchParent {
  cversion: number;
}

export interface ZkState {
  participants: { address: Address; seq: number; attempt: number; node: string }[];
  /** When each participant's session was last heard from. */
  lastSeen: Record<Address, number>;
  nextSeq: number;
  leader: Address | null;
  /** The join attempt of the latch holder's node. */
  leaderAttempt: number;
  data: Record<string, unknown>;
  sessions: number;
}

type IO = ActorIO<SparkMessage>;

class ZooKeeperServer implements Actor {
  private readonly rows = new DaemonRows(zookeeperDaemon);

  constructor(
    private s: ZkState,
    restored = false,
  ) {
    if (restored) this.rows.prime(s);
  }

  handle(input: Input, rawIo: ActorIO): void {
    speak(SPARK_VERSION);
    this.receive(input, rawIo as unknown as IO);
    if (rawIo.ops.length > 0) this.rows.report(this.s, rawIo);
  }

  private receive(input: Input, io: IO): void {
    switch (input.kind) {
      case 'start':
        this.s.data = { ...(input.disk[ZK_MOUNT] ?? {}) };
        print(io, 'zookeeper.binding', { port: io.self.split(':')[1] });
        this.reload(io);
        break;
      case 'message': {
        const msg = input.msg as SparkMessage;
        this.touch(io, input.from);
        if (msg.type === 'ZkJoinLatch') {
          this.drop(io, msg.participant);
          io.setTimer(`expire:${msg.participant}`, 'SessionExpired', ZK_SESSION_TIMEOUT_MS);
          const seq = this.s.nextSeq++;
          const node = `${msg.path}/latch-${String(seq).padStart(10, '0')}`;
          this.s.participants.push({ address: msg.participant, seq, attempt: msg.attempt, node });
          this.write(io, node, { session: msg.participant, attempt: msg.attempt } satisfies LatchNode);
          this.write(io, msg.path, { cversion: this.s.nextSeq } satisfies LatchParent);
          this.s.sessions++;
          print(io, 'zookeeper.session-established', { participant: msg.participant, node });
          this.elect(io);
        } else if (msg.type === 'ZkPing') {
          if (input.ask !== undefined) io.reply({ type: 'ZkPong' });
        } else if (msg.type === 'ZkSetData') {
          this.write(io, msg.path, msg.data ?? undefined);
        } else if (msg.type === 'ZkCloseSession') {
          this.expire(io, input.from, 'closed');
        }
        break;
      }
      case 'timer':
        if (input.name === 'SessionExpired') {
          // Like ZooKeeper's session tracker: expire only a session silent for the whole timeout.
          const who = input.key.slice('expire:'.length);
          if (io.now - (this.s.lastSeen[who] ?? 0) >= ZK_SESSION_TIMEOUT_MS) this.expire(io, who, 'expired');
        }
        break;
      default:
        break;
    }
  }

  /** A znode written through to the durable disk (`undefined` deletes it). */
  private write(io: IO, path: string, value: unknown): void {
    if (value === undefined) delete this.s.data[path];
    else this.s.data[path] = value;
    io.store(ZK_MOUNT, path, value);
  }

  /** Deletes a participant's latch node (its session closed or expired, or it joins again). */
  private drop(io: IO, address: Address): void {
    for (const p of this.s.participants) if (p.address === address) this.write(io, p.node, undefined);
    this.s.participants = this.s.participants.filter((p) => p.address !== address);
  }

  /**
   * After a restart: the latch nodes on disk are the participants again, each session given the
   * whole timeout from now, and the lowest still holds the latch (its holder was told before).
   */
  private reload(io: IO): void {
    for (const [path, value] of Object.entries(this.s.data).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (name.startsWith('latch-')) {
        const n = value as LatchNode;
        const seq = Number(name.slice('latch-'.length));
        this.s.participants.push({ address: n.session, seq, attempt: n.attempt, node: path });
        this.s.lastSeen[n.session] = io.now;
        io.setTimer(`expire:${n.session}`, 'SessionExpired', ZK_SESSION_TIMEOUT_MS);
      } else if (path.endsWith('/leader_election')) {
        this.s.nextSeq = Math.max(this.s.nextSeq, (value as LatchParent).cversion);
      }
    }
    this.s.sessions = this.s.participants.length;
    const first = this.lowest();
    this.s.leader = first?.address ?? null;
    this.s.leaderAttempt = first?.attempt ?? -1;
  }

  private lowest(): ZkState['participants'][number] | null {
    return this.s.participants.length ? this.s.participants.reduce((a, b) => (a.seq < b.seq ? a : b)) : null;
  }

  private touch(io: IO, from: Address): void {
    this.s.lastSeen[from] = io.now;
    if (this.s.participants.some((p) => p.address === from)) {
      io.setTimer(`expire:${from}`, 'SessionExpired', ZK_SESSION_TIMEOUT_MS);
    }
  }

  private expire(io: IO, address: Address, how: 'expired' | 'closed'): void {
    if (!this.s.participants.some((p) => p.address === address)) return;
    if (how === 'expired')
      print(io, 'zookeeper.session-expired', { participant: address, timeoutMs: ZK_SESSION_TIMEOUT_MS });
    else print(io, 'zookeeper.session-closed', { participant: address });
    this.drop(io, address);
    io.cancelTimer(`expire:${address}`);
    this.elect(io);
  }

  /** The lowest sequence number holds the latch; tell the old and new holders. */
  private elect(io: IO): void {
    const first = this.lowest();
    const next = first?.address ?? null;
    if (next === this.s.leader && (first === null || first.attempt === this.s.leaderAttempt)) return;
    const old = this.s.leader;
    const oldAttempt = this.s.leaderAttempt;
    this.s.leader = next;
    this.s.leaderAttempt = first?.attempt ?? -1;
    if (old !== null && this.s.participants.some((p) => p.address === old)) {
      io.send(old, { type: 'ZkLatchState', leader: false, attempt: oldAttempt });
    }
    if (first !== null) {
      io.send(first.address, {
        type: 'ZkLatchState',
        leader: true,
        attempt: first.attempt,
        persisted: this.masterStatus(),
      });
    }
  }

  private masterStatus(): PersistedState {
    const out: PersistedState = { apps: [], drivers: [], workers: [] };
    for (const [path, value] of Object.entries(this.s.data).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (!path.includes('/master_status/')) continue;
      if (name.startsWith('app_')) out.apps.push(value as PersistedApp);
      else if (name.startsWith('driver_')) out.drivers.push(value as PersistedDriver);
      else if (name.startsWith('worker_')) out.workers.push(value as PersistedWorker);
    }
    return out;
  }

  snapshot(): ZkState {
    return structuredClone(this.s);
  }
}

export const zookeeperKind: ActorKind<Record<string, never>> = {
  create: () =>
    new ZooKeeperServer({
      participants: [],
      lastSeen: {},
      nextSeq: 0,
      leader: null,
      leaderAttempt: -1,
      data: {},
      sessions: 0,
    }),
  restore: (_init, snapshot) => new ZooKeeperServer(structuredClone(snapshot as ZkState), true),
  probe: zookeeperDaemon.probe,
};
