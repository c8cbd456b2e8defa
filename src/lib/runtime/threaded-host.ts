/**
 * The kernel's host when daemons live in other threads (Web Workers in the page).
 *
 * Placement: a daemon gets a thread of its own while there are fewer threads than `limit`; beyond
 * that, daemons share the least loaded thread, the way Spark's LocalSparkCluster runs several
 * Workers in one JVM. Load is weighed by kind (`weigh`): a Master handles an input for every
 * Worker's heartbeat, so it weighs as much as all the Workers, and the Workers fill the other
 * threads. (With everything counted alike, the Master shared its thread with half the Workers:
 * that thread did three quarters of the work, and a view that waits for the Master's state after a
 * seek waited for half the cluster to be rebuilt.) A daemon stopped by a crash leaves its thread,
 * and a thread left empty is terminated, so restarting a daemon spawns a fresh thread.
 *
 * The kernel is synchronous and needs snapshots (for checkpoints) and probes (for cluster-wide
 * checks) at any time, so this host mirrors them: probes arrive with every handled input, and
 * snapshots are fetched in one round by `refresh()` before a checkpoint is taken.
 *
 * A big cluster left idle is put to sleep (`sleep()`): every daemon's snapshot is fetched and the
 * threads are ended, so their heaps (a thousand workers' garbage with them) go back to the system.
 * The next call that needs a daemon wakes them, each restored in a fresh thread from its snapshot.
 */
import type { ActorInit } from '../sim/actor';
import type { Answer, Answers, Host, HostedSnapshot, PackedSnapshot } from '../sim/host';
import type { Input, NodeId } from '../sim/types';
import type { FromThread, ToThread, WorkItem } from './protocol';
import type { HostLane } from './shared-channel';

/** One thread as the host sees it: post messages, receive answers, end it. */
export interface ThreadPort {
  post(m: ToThread): void;
  terminate(): void;
  /** Set by the host. */
  onmessage: (m: FromThread) => void;
  /** Set by the host: the thread failed outside any daemon handler, or died. */
  onerror: (error: string) => void;
  /** A shared-memory lane for requests, where the page may share memory (see `shared-channel.ts`). */
  readonly lane?: HostLane;
  /**
   * Hands the thread back for another run instead of ending it (its daemons dropped, every answer
   * in): a fresh Web Worker runs its code cold, at about two thirds of the speed of a warm one.
   */
  release?(): void;
}

/**
 * How long the host spins for a lane's answers before it waits for them asynchronously. Short: a
 * thread slow to answer (a busy machine) must not hold the page, which has frames to draw.
 */
const SPIN_MS = 4;

/** Fewer daemons than this are never put to sleep: their threads weigh little, and wake slowly. */
const SLEEP_MIN_DAEMONS = 100;

export interface ThreadFactory {
  (): ThreadPort;
  /** Whether the threads it makes come with a shared-memory lane. */
  sharesMemory?: () => boolean;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
/** A request without its id (the thread adds it). */
type Request = DistributiveOmit<Extract<ToThread, { rid: number }>, 'rid'>;

/**
 * Request ids, unique in the page, not per run: a thread handed back for another run may still
 * deliver an answer of the run before (sent by postMessage while a later answer came through
 * shared memory), and that answer must match no request of the new run. (With ids counted from 0
 * per run, such an answer now and then answered the next run's request of the same id: a run
 * loaded right after another differed from the in-process one.)
 */
let nextRid = 0;

/** The answers to one `request`, filled in as threads answer. */
export class WorkBatch implements Answers {
  private readonly results: (Answer | undefined)[];
  private left: number;
  private waiters: (() => void)[] = [];

  constructor(size: number) {
    this.results = new Array<Answer | undefined>(size);
    this.left = size;
  }

  put(i: number, r: Answer): void {
    this.results[i] = r;
    if (--this.left === 0) for (const w of this.waiters.splice(0)) w();
  }

  /** Result `i`, now or when it comes. */
  result(i: number): Answer | Promise<Answer> {
    const r = this.results[i];
    if (r !== undefined) return r;
    return new Promise((resolve) => this.waiters.push(() => resolve(this.results[i] as Answer)));
  }
}

class Thread {
  readonly daemons = new Set<NodeId>();
  /** The weight of its daemons (see `ThreadedHost`'s `weigh`). */
  load = 0;
  /** What to do with each answer still to come, by request id. */
  private waiting = new Map<number, (answer: FromThread | Error) => void>();
  /** Why the thread is gone, once it is. */
  dead: string | null = null;
  /** Emptied by a crash: terminated as soon as its last answer is in, never given new daemons. */
  retiring = false;
  /**
   * Fire-and-forget messages not yet posted. They go out together (one `batch`) before the next
   * request, or when the host flushes: a seek restores hundreds of daemons, and one message per
   * thread costs far less than hundreds.
   */
  private outbox: ToThread[] = [];

  constructor(
    readonly no: number,
    readonly port: ThreadPort,
    onDeath: (t: Thread) => void,
  ) {
    port.onmessage = (m) => {
      const done = this.waiting.get(m.rid);
      if (!done) return;
      this.waiting.delete(m.rid);
      done(m.t === 'failed' ? new Error(m.error) : m);
      if (this.retiring && this.waiting.size === 0) this.end('retired');
    };
    port.onerror = (error) => {
      this.end(`Web Worker died: ${error}`);
      onDeath(this);
    };
  }

  /** Queues a message that expects no answer; order with everything else posted is kept. */
  post(m: ToThread): void {
    if (this.dead !== null) return;
    this.outbox.push(m);
  }

  /** Posts what is queued. */
  flush(): void {
    if (this.outbox.length === 0) return;
    const messages = this.outbox;
    this.outbox = [];
    if (this.dead === null) this.port.post(messages.length === 1 ? messages[0] : { t: 'batch', messages });
  }

  /**
   * Sends a request; `done` gets its answer (matched by id) or the error. Through the lane, `done`
   * runs inside `settle()` when the answer comes within its spin, so a caller can go on at once.
   */
  send(m: Request, done: (answer: FromThread | Error) => void): void {
    if (this.dead !== null) {
      done(new Error(this.dead));
      return;
    }
    this.flush();
    const rid = nextRid++;
    this.waiting.set(rid, done);
    const request = { ...m, rid } as ToThread;
    // The ping measures postMessage itself, so it never takes the lane.
    const lane = m.t === 'ping' ? undefined : this.port.lane;
    if (!lane?.request(JSON.stringify(request))) this.port.post(request);
  }

  /** Sends a request and resolves with its answer. */
  call<R extends FromThread>(m: Request): Promise<R> {
    return new Promise<R>((resolve, reject) =>
      this.send(m, (answer) => (answer instanceof Error ? reject(answer) : resolve(answer as R))),
    );
  }

  /**
   * Reads the lane's answers: spins a little for them (`spinMs`), then waits without blocking. Bulk
   * work (a checkpoint's snapshots of hundreds of daemons) passes 0: its answer is long in coming,
   * and a spin would hold the page for nothing.
   */
  settle(spinMs = SPIN_MS): void {
    const lane = this.port.lane;
    if (!lane || lane.pending === 0) return;
    const dead = () => this.dead !== null;
    if (!lane.pump(spinMs, dead)) lane.watch(dead);
  }

  end(reason: string): void {
    if (this.dead !== null) return;
    this.dead = reason;
    this.port.terminate();
    this.dropWaiting(reason);
  }

  /** Fails every request still waiting for its answer (an answer that comes later is ignored). */
  private dropWaiting(reason: string): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const done of waiting) done(new Error(reason));
  }

  /** Ends this run's use of the thread: reset, and released for reuse once the reset is answered. */
  close(): void {
    const release = this.port.release?.bind(this.port);
    if (this.dead !== null || this.retiring || !release) {
      this.end('closed');
      return;
    }
    // Answers still to come for this run are dropped; the reset's comes after them all.
    this.dropWaiting('closed');
    const done = this.call({ t: 'reset' });
    this.settle();
    this.dead = 'closed';
    void done.then(release, () => this.port.terminate());
  }
}

interface Mirror {
  kind: string;
  /** What it was spawned with: a daemon put to sleep is restored from it and its snapshot. */
  init: ActorInit;
  thread: Thread;
  /** The last fetched snapshot, as text; null once the daemon handled something since. */
  packed: PackedSnapshot | null;
  /** The same, parsed (when something asked for it). */
  parsed: HostedSnapshot | null;
  /** The last snapshot text the thread sent or was restored from (it answers null for the same). */
  known: PackedSnapshot | null;
  probe: unknown;
}

export class ThreadedHost implements Host {
  /** Daemons work in parallel in their threads. */
  readonly parallel = true;

  private threadList: Thread[] = [];
  private nodes = new Map<NodeId, Mirror>();
  /** Where a daemon lived, so a seek puts it back in the same thread. */
  private home = new Map<NodeId, Thread>();
  private settling: Promise<unknown>[] = [];
  private threadNo = 0;
  /** Asleep (`sleep()`): no thread runs; `threadsAsleep` were ended, and waking starts them again. */
  private asleep = false;
  private threadsAsleep = 0;
  /** Daemons whose thread died, with the reason, until the session reports them. */
  private lost: { id: NodeId; error: string }[] = [];
  /** The last state of every node that stopped, for post-mortem views. */
  readonly lastSnapshots = new Map<NodeId, unknown>();

  constructor(
    /** Each kind's probe (from its descriptor: the daemons themselves need not load here). */
    private readonly probeOf: (kind: string) => ((snapshot: unknown) => unknown) | undefined,
    private readonly factory: ThreadFactory,
    /** Threads beyond which daemons share (at least 1). */
    readonly limit: number,
    /** How much work a daemon of each kind brings to a thread, for placement (default 1 each). */
    private readonly weigh: (kind: string) => number = () => 1,
  ) {}

  /** Live threads (asleep: the threads the daemons wake in). */
  threads(): number {
    if (this.asleep) return this.threadsAsleep;
    return this.threadList.filter((t) => t.dead === null).length;
  }

  /** Whether requests go to the threads through shared memory (see `shared-channel.ts`). */
  sharesMemory(): boolean {
    const live = this.threadList.filter((t) => t.dead === null);
    if (live.length === 0) return this.factory.sharesMemory?.() ?? false;
    return live.some((t) => t.port.lane !== undefined);
  }

  /** The thread number a node runs on (for the inspector and tests). */
  threadOf(id: NodeId): number | undefined {
    return this.nodes.get(id)?.thread.no;
  }

  private place(id: NodeId): Thread {
    const home = this.home.get(id);
    if (home && home.dead === null && !home.retiring) return home;
    const live = this.threadList.filter((t) => t.dead === null && !t.retiring);
    let thread: Thread;
    if (live.length < Math.max(1, this.limit)) {
      thread = new Thread(this.threadNo++, this.factory(), (t) => this.onDeath(t));
      this.threadList.push(thread);
    } else {
      thread = live.reduce((a, b) =>
        b.load < a.load || (b.load === a.load && b.daemons.size < a.daemons.size) ? b : a,
      );
    }
    this.home.set(id, thread);
    return thread;
  }

  private onDeath(t: Thread): void {
    for (const id of t.daemons) this.lost.push({ id, error: t.dead ?? 'Web Worker died' });
    t.daemons.clear();
    t.load = 0;
    this.threadList = this.threadList.filter((x) => x !== t);
  }

  /** The thread a daemon of `kind` goes to, with it counted there. */
  private house(id: NodeId, kind: string): Thread {
    const thread = this.place(id);
    thread.daemons.add(id);
    thread.load += this.weigh(kind);
    return thread;
  }

  private add(id: NodeId, kind: string, init: ActorInit, probe: unknown): Thread {
    const thread = this.house(id, kind);
    this.nodes.set(id, { kind, init, thread, packed: null, parsed: null, known: null, probe });
    return thread;
  }

  spawn(kind: string, init: ActorInit): void {
    this.wake();
    // No probe yet: the start input comes next, and its result carries the first one.
    this.add(init.id, kind, init, undefined).post({ t: 'spawn', id: init.id, kind, init });
  }

  restore(kind: string, init: ActorInit, packed: PackedSnapshot): void {
    this.wake();
    // Only kinds with a probe are parsed here; the thread parses its daemons when it needs them.
    const probeOf = this.probeOf(kind);
    const probe = probeOf ? probeOf((JSON.parse(packed) as HostedSnapshot).actor) : undefined;
    this.add(init.id, kind, init, probe).post({ t: 'restore', id: init.id, kind, init, snap: packed });
    const m = this.nodes.get(init.id) as Mirror;
    m.packed = m.known = packed;
  }

  /**
   * Puts the daemons to sleep when there are at least `min` of them and none is busy: fetches every
   * snapshot, then ends the threads. Only between runs (the simulation has handed nothing out
   * ahead: every daemon is where the kernel is). Whether it slept.
   */
  async sleep(min = SLEEP_MIN_DAEMONS): Promise<boolean> {
    if (this.asleep || this.nodes.size < min) return false;
    await this.refresh();
    const mirrors = [...this.nodes.values()];
    if (this.asleep || mirrors.some((m) => m.packed === null || m.thread.dead !== null)) return false;
    this.threadsAsleep = this.threads();
    for (const t of this.threadList) t.end('asleep');
    this.threadList = [];
    this.home.clear();
    this.asleep = true;
    return true;
  }

  /** Starts threads again after `sleep()`, each daemon restored (lazily, in its thread) from its snapshot. */
  private wake(): void {
    if (!this.asleep) return;
    this.asleep = false;
    for (const [id, m] of this.nodes) {
      const thread = (m.thread = this.house(id, m.kind));
      thread.post({ t: 'restore', id, kind: m.kind, init: m.init, snap: m.packed as PackedSnapshot });
      m.known = m.packed;
    }
  }

  stop(id: NodeId, reload = false): void {
    this.wake();
    const m = this.nodes.get(id);
    if (!m) return;
    this.nodes.delete(id);
    m.thread.daemons.delete(id);
    m.thread.load -= this.weigh(m.kind);
    if (reload) {
      m.thread.post({ t: 'drop', id });
      return;
    }
    this.home.delete(id);
    const t = m.thread;
    if (t.daemons.size === 0) t.retiring = true;
    const done = t.call<Extract<FromThread, { t: 'stopped' }>>({ t: 'stop', id }).then(
      (r) => this.lastSnapshots.set(id, r.snap),
      () => this.lastSnapshots.set(id, m.packed === null ? null : (JSON.parse(m.packed) as HostedSnapshot).actor),
    );
    t.settle();
    this.settling.push(done);
  }

  has(id: NodeId): boolean {
    return this.nodes.has(id);
  }

  /**
   * Hands inputs to their daemons' threads, one request per thread, all threads at once. The
   * results come back in the items' order, whichever thread answers first; through shared memory
   * they are usually in before this returns (`WorkBatch.result` then needs no await).
   */
  request(items: WorkItem[]): WorkBatch {
    this.wake();
    const batch = new WorkBatch(items.length);
    const perThread = new Map<Thread, number[]>();
    items.forEach((item, i) => {
      const m = this.nodes.get(item.id);
      if (!m) {
        batch.put(i, { error: `Node ${item.id} is not running` });
        return;
      }
      let list = perThread.get(m.thread);
      if (!list) perThread.set(m.thread, (list = []));
      list.push(i);
    });
    for (const [thread, idx] of perThread) {
      thread.send({ t: 'handle', items: idx.map((i) => items[i]) }, (answer) => {
        if (answer instanceof Error) for (const i of idx) batch.put(i, { error: answer.message });
        else idx.forEach((i, j) => batch.put(i, (answer as Extract<FromThread, { t: 'handled' }>).results[j]));
      });
    }
    for (const thread of perThread.keys()) thread.settle();
    return batch;
  }

  /** One input, one round trip. */
  ask(id: NodeId, input: Input, now: number): Answer | Promise<Answer> {
    return this.request([{ id, input, now }]).result(0);
  }

  /** Posts everything queued for every thread. */
  flush(): void {
    for (const t of this.threadList) t.flush();
  }

  /** Records that the kernel committed a daemon's result: its mirror is out of date. */
  committed(id: NodeId, result: Answer): void {
    const m = this.nodes.get(id);
    if (!m) return;
    m.packed = null;
    m.parsed = null;
    if ('ops' in result && result.probe !== undefined) m.probe = result.probe;
  }

  probe(id: NodeId): unknown {
    return this.nodes.get(id)?.probe;
  }

  pack(id: NodeId): PackedSnapshot {
    const m = this.nodes.get(id);
    if (!m) throw new Error(`Node ${id} is not running`);
    if (m.packed === null) throw new Error(`The snapshot of ${id} is out of date: refresh() first`);
    return m.packed;
  }

  snapshot(id: NodeId): HostedSnapshot {
    const packed = this.pack(id);
    const m = this.nodes.get(id) as Mirror;
    return (m.parsed ??= JSON.parse(packed) as HostedSnapshot);
  }

  /** Fetches every out-of-date snapshot (of `ids`, or of all nodes), and waits for stops to settle. */
  async refresh(ids?: NodeId[]): Promise<void> {
    // Asleep, every snapshot is up to date (`sleep()` fetched them all).
    const want = new Map<Thread, NodeId[]>();
    for (const id of ids ?? this.nodes.keys()) {
      const m = this.nodes.get(id);
      if (!m || m.packed !== null || m.thread.dead !== null) continue;
      let list = want.get(m.thread);
      if (!list) want.set(m.thread, (list = []));
      list.push(id);
    }
    const fetched = Promise.all(
      [...want].map(async ([thread, list]) => {
        try {
          const r = await thread.call<Extract<FromThread, { t: 'snapshots' }>>({ t: 'snapshots', ids: list });
          for (const [id, snap] of Object.entries(r.snaps)) {
            const m = this.nodes.get(id);
            if (m && m.thread === thread) {
              if (snap !== null) m.known = snap;
              m.packed = m.known;
              m.parsed = null;
            }
          }
        } catch {
          // The thread died; its daemons are reported as lost.
        }
      }),
    );
    for (const thread of want.keys()) thread.settle(0);
    await fetched;
    const settling = this.settling;
    this.settling = [];
    await Promise.all(settling);
  }

  /** Daemons whose thread died since the last call, with the reason. */
  takeLost(): { id: NodeId; error: string }[] {
    const lost = this.lost;
    this.lost = [];
    return lost.filter((l) => this.nodes.has(l.id));
  }

  /** Kills the thread a node runs on, as if the browser had (for crash tests and the console). */
  killThread(id: NodeId, why = 'terminated'): boolean {
    this.wake();
    const m = this.nodes.get(id);
    if (!m || m.thread.dead !== null) return false;
    m.thread.port.onerror(why);
    return true;
  }

  /** The bare round trip to a thread, for the lockstep-cost benchmark. */
  async ping(): Promise<void> {
    this.wake();
    const t = this.threadList.find((x) => x.dead === null) ?? this.place('\u0000ping');
    await t.call({ t: 'ping' });
  }

  /** Ends every thread. */
  close(): void {
    this.asleep = false;
    for (const t of this.threadList) t.close();
    this.threadList = [];
    this.nodes.clear();
    this.home.clear();
  }
}
