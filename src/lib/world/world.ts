/**
 * The world at the cursor: everything a panel draws, derived from a trace and its header alone.
 *
 * `WorldIndex` reads the trace once, as it grows, into indexes of changes (states, statuses and
 * tables, timers, flights, the network, handlers, violations); `WorldIndex.at(cursor, time)` then
 * answers any cursor with a few binary searches, whichever way the cursor moved. It never touches a
 * kernel, a session or a thread: the trace may come from a simulation, a run file or a real log.
 *
 * A `World` is immutable. What it computes (a node's view, a table) it computes on first use and
 * keeps; what depends only on the cursor is shared by every world at that cursor, so playing
 * (many frames, one cursor) builds each node's view once.
 */
import type { TimedEvents } from '../sim/event-array';
import type { NodeId, Row, TraceEvent } from '../sim/types';
import { DensityIndex } from './density-index';
import { daemonOf } from '../spark/daemons';
import type { NodeInfo, TraceHeader } from './header';
import { ViewChanges } from './view-changes';
import { FlightIndex, type Flight } from './flight-index';
import { HandlerIndex, type HandlerRun } from './handler-index';
import { LinkIndex, type NetworkView } from './link-index';
import { RowIndex } from './row-index';
import { StateIndex } from './state-index';
import { TimerIndex, type PendingTimer } from './timer-index';

export interface NodeView {
  id: NodeId;
  kind: string;
  address: string;
  facts: Readonly<Record<string, unknown>>;
  /** Its process is running (a node that never started, or crashed, is not). */
  up: boolean;
  paused: boolean;
  /** Its machine state in Spark's words (`STANDBY`, `Registering.Initial`), '' if it has none. */
  state: string;
  /** The node of the master it follows, as its own status says (workers, app clients), while it runs. */
  follows: NodeId | null;
  /** It leads the cluster (a master that is ALIVE or recovering). */
  leads: boolean;
  /** The status field its kind shows as a badge when it has no machine state. */
  badge: string | null;
  /** The event its current incarnation started at (-1: never started). */
  since: number;
}

export interface TableRow {
  id: string;
  row: Row;
  /** The event that last changed it. */
  changed: number;
}

export interface ViolationMark {
  i: number;
  t: number;
  node: NodeId;
  rule: string;
  text: string;
}

export interface FaultMark {
  i: number;
  t: number;
  node: NodeId;
  action: string;
  /** Why nothing happened, if so. */
  reason?: string;
}

export interface World {
  readonly header: TraceHeader;
  /** Events done: the world is as it was after event `cursor - 1`. */
  readonly cursor: number;
  /** The virtual time shown (at or after the last event done). */
  readonly time: number;
  /** The whole recorded trace (the event log lists it; events at `cursor` and after are the future). */
  readonly events: TimedEvents;
  /**
   * Changes whenever the recorded trace is replaced or cut (a fork rewrites the same list in place):
   * what a panel gathered from `events` before is stale once it does.
   */
  readonly generation: number;
  /** The last event done, if any. */
  readonly last: TraceEvent | undefined;
  readonly nodes: readonly NodeView[];
  node(id: NodeId): NodeView | undefined;
  /** The node at an address (`host:port`). */
  nodeAt(address: string): NodeId | undefined;
  /** The master that leads, if one does (the first, if several think they do). */
  readonly leader: NodeId | null;
  status(id: NodeId): Row | null;
  /** The event that last changed the node's status (-1: none). */
  statusChanged(id: NodeId): number;
  /** The node's tables, by key, in the order its descriptor lists them. */
  tables(id: NodeId): string[];
  table(id: NodeId, key: string): TableRow[];
  timers(id: NodeId): PendingTimer[];
  handler(id: NodeId): HandlerRun | null;
  readonly network: NetworkView;
  /** Messages in the air at `time`. */
  readonly inAir: readonly Flight[];
  /** Messages that died in the last moments before `time`. */
  readonly dropped: readonly Flight[];
  flight(id: number): Flight | undefined;
  /**
   * Messages overlapping a window of virtual time (the space-time diagram's arrows), those `keep`
   * accepts; with `among`, only those between nodes it has (read first, cheaply).
   */
  overlapping(
    t0: number,
    t1: number,
    max: number,
    keep: (f: Flight) => boolean,
    among?: { has(node: NodeId): boolean },
  ): Flight[];
  /** Broken invariants before the cursor. */
  readonly violations: readonly ViolationMark[];
  /** Spark's own behaviour before the cursor where an invariant would read as broken (a known race). */
  readonly known: readonly ViolationMark[];
  /** The world one event earlier (to tell what the last event changed); itself at cursor 0. */
  before(): World;
  /** Every broken invariant and fault of the recorded trace (the timeline marks them all). */
  readonly marks: { readonly violations: readonly ViolationMark[]; readonly faults: readonly FaultMark[] };
  /**
   * How busy the recorded trace is over [0, end): the share of events in each of `bins` equal spans,
   * the fullest being 1 (the timeline's minimap).
   */
  density(end: number, bins: number): number[];
}

function sameView(a: NodeView, b: NodeView): boolean {
  return (
    a.up === b.up &&
    a.paused === b.paused &&
    a.state === b.state &&
    a.follows === b.follows &&
    a.leads === b.leads &&
    a.badge === b.badge &&
    a.since === b.since
  );
}

/** How long a dropped message's mark stays, in virtual ms. */
export const DROP_MARK_MS = 1500;

/** What a world at one cursor computes, shared by every world at that cursor. */
class AtCursor {
  readonly nodes = new Map<NodeId, NodeView>();
  list: NodeView[] | null = null;
  leader: NodeId | null | undefined = undefined;
  readonly statuses = new Map<NodeId, Row | null>();
  readonly tables = new Map<string, TableRow[]>();
  readonly timers = new Map<NodeId, PendingTimer[]>();
  violations: ViolationMark[] | null = null;
  constructor(
    readonly generation: number,
    readonly cursor: number,
  ) {}
}

export class WorldIndex {
  private readonly states = new StateIndex();
  private readonly rows = new RowIndex();
  private readonly timerIndex = new TimerIndex();
  readonly flights = new FlightIndex();
  private readonly links = new LinkIndex();
  private readonly handlers = new HandlerIndex();
  private readonly violationList: ViolationMark[] = [];
  private readonly knownList: ViolationMark[] = [];
  private readonly faultList: FaultMark[] = [];
  private built = 0;
  private source: TimedEvents | null = null;
  private readonly densityIndex = new DensityIndex();
  /** Changes whenever the index is rebuilt (a cut trace): worlds of another generation are stale. */
  private generation = 0;
  private cache: AtCursor[] = [];
  private readonly byAddress = new Map<string, NodeId>();
  private readonly infos = new Map<NodeId, NodeInfo>();
  /** The last view made of each node (handed out again while it stays the same). */
  private readonly lastViews = new Map<NodeId, NodeView>();
  private readonly viewChanges = new ViewChanges();
  /** The last node list made, and where: the next cursor's list is patched from it. */
  private lastList: { generation: number; cursor: number; list: NodeView[] } | null = null;
  /** The last rows made of each table asked for, and where: kept while the table does not change. */
  private readonly lastTables = new Map<
    string,
    { generation: number; cursor: number; since: number; rows: TableRow[] }
  >();

  constructor(readonly header: TraceHeader) {
    for (const n of header.nodes) {
      this.byAddress.set(n.address, n.id);
      this.infos.set(n.id, n);
    }
  }

  /**
   * Reads the events the index has not seen (up to `upTo`, to read a long trace in slices).
   * Another trace is read afresh; a trace cut shorter than what was read forgets what it lost
   * (call `truncate` when a cut may have regrown since).
   */
  sync(events: TimedEvents, upTo = events.length): void {
    if (events !== this.source) this.clear(events);
    else if (events.length < this.built) this.truncate(events.length);
    const end = Math.min(upTo, events.length);
    for (let i = this.built; i < end; i++) this.add(events.at(i) as TraceEvent);
    this.built = Math.max(this.built, end);
  }

  /** Forgets events `n` and after (the run forked there). */
  truncate(n: number): void {
    if (n >= this.built) return;
    this.built = n;
    this.generation++;
    this.cache = [];
    this.states.truncate(n);
    this.rows.truncate(n);
    this.timerIndex.truncate(n);
    this.flights.truncate(n);
    this.links.truncate(n);
    this.handlers.truncate(n);
    this.viewChanges.truncate(n);
    this.densityIndex.clear();
    const source = this.source as TimedEvents;
    for (let i = 0; i < n; i++) this.densityIndex.add(source.time(i));
    while (this.violationList.length > 0 && this.violationList[this.violationList.length - 1].i >= n)
      this.violationList.pop();
    while (this.knownList.length > 0 && this.knownList[this.knownList.length - 1].i >= n) this.knownList.pop();
    while (this.faultList.length > 0 && this.faultList[this.faultList.length - 1].i >= n) this.faultList.pop();
  }

  private clear(events: TimedEvents): void {
    this.source = events;
    this.flights.readFrom(events);
    this.handlers.readFrom(events);
    this.built = 0;
    this.generation++;
    this.cache = [];
    this.states.clear();
    this.rows.clear();
    this.timerIndex.clear();
    this.flights.clear();
    this.links.clear();
    this.handlers.clear();
    this.viewChanges.clear();
    this.lastTables.clear();
    this.densityIndex.clear();
    this.violationList.length = 0;
    this.knownList.length = 0;
    this.faultList.length = 0;
  }

  private add(e: TraceEvent): void {
    this.densityIndex.add(e.t);
    this.states.add(e);
    this.rows.add(e);
    this.timerIndex.add(e);
    this.flights.add(e);
    this.links.add(e);
    this.handlers.add(e);
    this.viewChanges.add(e);
    if (e.kind === 'fault' && e.fault) {
      const mark: FaultMark = { i: e.i, t: e.t, node: e.node, action: e.fault.action };
      if (e.reason) mark.reason = e.reason;
      this.faultList.push(mark);
    }
    for (const f of e.fx) {
      if (f.k === 'violation') this.violationList.push({ i: e.i, t: e.t, node: f.node, rule: f.rule, text: f.text });
      else if (f.k === 'known') this.knownList.push({ i: e.i, t: e.t, node: f.node, rule: f.rule, text: f.text });
    }
  }

  /** The world after `cursor` events, at virtual time `time`. */
  at(cursor: number, time: number): World {
    const events = this.source;
    if (events === null) throw new Error('The world index has read no trace yet');
    const c = Math.max(0, Math.min(Math.floor(cursor), this.built));
    // Two cursors are kept: the one shown, and the one before it (what the last event changed).
    let k = this.cache.find((x) => x.cursor === c && x.generation === this.generation);
    if (k === undefined) {
      k = new AtCursor(this.generation, c);
      this.cache = [k, ...this.cache.slice(0, 1)];
    }
    return new WorldAt(this, k, events, c, time);
  }

  // What a world reads (through its cursor cache).

  nodeView(k: AtCursor, id: NodeId): NodeView | undefined {
    let v = k.nodes.get(id);
    if (v !== undefined) return v;
    const info = this.infos.get(id);
    if (!info) return undefined;
    const c = k.cursor;
    const d = daemonOf(info.kind);
    const state = this.states.stateAt(id, c);
    const up = this.states.upAt(id, c);
    const since = this.states.startedAt(id, c);
    const status = this.statusOf(k, id);
    const follows = status && d?.follows ? d.follows(status) : null;
    const badge = status && d?.badge !== undefined ? status[d.badge] : null;
    v = {
      id,
      kind: info.kind,
      address: info.address,
      facts: info.facts,
      up,
      paused: up && this.states.pausedAt(id, c),
      state,
      follows: follows === null || !up ? null : (this.byAddress.get(follows) ?? null),
      leads: up && state !== '' && (d?.leads?.(state) ?? false),
      badge: badge === null || badge === undefined ? null : String(badge),
      since,
    };
    // The same view as last asked, when nothing in it changed: a view that redraws a thousand
    // nodes on every step then redraws only those that changed.
    const last = this.lastViews.get(id);
    if (last !== undefined && sameView(last, v)) v = last;
    else this.lastViews.set(id, v);
    k.nodes.set(id, v);
    return v;
  }

  nodeList(k: AtCursor): NodeView[] {
    if (k.list !== null) return k.list;
    const prev = this.lastList;
    const nodes = this.header.nodes;
    if (
      prev !== null &&
      prev.generation === k.generation &&
      this.viewChanges.countBetween(prev.cursor, k.cursor) < nodes.length / 2
    ) {
      // Only the nodes changed between the two cursors can look different.
      const changed = this.viewChanges.between(prev.cursor, k.cursor);
      k.list =
        changed.size === 0
          ? prev.list
          : prev.list.map((v) => (changed.has(v.id) ? (this.nodeView(k, v.id) as NodeView) : v));
    } else k.list = nodes.map((n) => this.nodeView(k, n.id) as NodeView);
    this.lastList = { generation: k.generation, cursor: k.cursor, list: k.list };
    return k.list;
  }

  leaderOf(k: AtCursor): NodeId | null {
    if (k.leader === undefined) k.leader = this.nodeList(k).find((n) => n.leads)?.id ?? null;
    return k.leader;
  }

  statusOf(k: AtCursor, id: NodeId): Row | null {
    let s = k.statuses.get(id);
    if (s === undefined) {
      s = this.rows.statusAt(id, k.cursor, this.states.startedAt(id, k.cursor));
      k.statuses.set(id, s);
    }
    return s;
  }

  statusChanged(k: AtCursor, id: NodeId): number {
    return this.rows.statusChangedAt(id, k.cursor);
  }

  tableKeys(id: NodeId): string[] {
    const info = this.infos.get(id);
    const declared = info ? (daemonOf(info.kind)?.tables.map((t) => t.key) ?? []) : [];
    const seen = this.rows.tableKeys(id).filter((key) => !declared.includes(key));
    return [...declared, ...seen];
  }

  tableOf(k: AtCursor, id: NodeId, key: string): TableRow[] {
    const cacheKey = `${id}\u0000${key}`;
    let t = k.tables.get(cacheKey);
    if (t === undefined) {
      const since = this.states.startedAt(id, k.cursor);
      const last = this.lastTables.get(cacheKey);
      if (
        last !== undefined &&
        last.generation === k.generation &&
        last.since === since &&
        !this.rows.tableChangedBetween(id, key, last.cursor, k.cursor)
      ) {
        // Nothing in it changed since it was last made: the same rows, the same array.
        t = last.rows;
      } else {
        t = this.rows.tableAt(id, key, k.cursor, since).map(({ id: rowId, row }) => ({
          id: rowId,
          row,
          changed: this.rows.rowChangedAt(id, key, rowId, k.cursor),
        }));
      }
      this.lastTables.set(cacheKey, { generation: k.generation, cursor: k.cursor, since, rows: t });
      k.tables.set(cacheKey, t);
    }
    return t;
  }

  timersOf(k: AtCursor, id: NodeId): PendingTimer[] {
    let t = k.timers.get(id);
    if (t === undefined) {
      t = this.timerIndex.at(id, k.cursor);
      k.timers.set(id, t);
    }
    return t;
  }

  handlerOf(k: AtCursor, id: NodeId): HandlerRun | null {
    return this.handlers.at(id, k.cursor, this.states.startedAt(id, k.cursor));
  }

  networkAt(cursor: number, time: number): NetworkView {
    return this.links.at(cursor, time);
  }

  violationsBefore(k: AtCursor): ViolationMark[] {
    if (k.violations === null) {
      let n = 0;
      while (n < this.violationList.length && this.violationList[n].i < k.cursor) n++;
      k.violations = this.violationList.slice(0, n);
    }
    return k.violations;
  }

  /** The known-behaviour marks before a cursor (few: no cache). */
  knownBefore(cursor: number): ViolationMark[] {
    let n = 0;
    while (n < this.knownList.length && this.knownList[n].i < cursor) n++;
    return this.knownList.slice(0, n);
  }

  get marks(): { violations: readonly ViolationMark[]; faults: readonly FaultMark[] } {
    return { violations: this.violationList.slice(), faults: this.faultList.slice() };
  }

  density(end: number, bins: number): number[] {
    return this.densityIndex.density(end, bins);
  }

  addressed(address: string): NodeId | undefined {
    return this.byAddress.get(address);
  }
}

class WorldAt implements World {
  private air: Flight[] | null = null;
  private drops: Flight[] | null = null;
  private net: NetworkView | null = null;
  private lastEvent: TraceEvent | undefined | null = null;
  private markList: World['marks'] | null = null;
  private earlier: World | null = null;

  constructor(
    private readonly index: WorldIndex,
    private readonly k: AtCursor,
    readonly events: TimedEvents,
    readonly cursor: number,
    readonly time: number,
  ) {}

  get header(): TraceHeader {
    return this.index.header;
  }

  get generation(): number {
    return this.k.generation;
  }

  get last(): TraceEvent | undefined {
    if (this.lastEvent === null) this.lastEvent = this.cursor > 0 ? this.events.at(this.cursor - 1) : undefined;
    return this.lastEvent;
  }

  get nodes(): readonly NodeView[] {
    return this.index.nodeList(this.k);
  }

  node(id: NodeId): NodeView | undefined {
    return this.index.nodeView(this.k, id);
  }

  nodeAt(address: string): NodeId | undefined {
    return this.index.addressed(address);
  }

  get leader(): NodeId | null {
    return this.index.leaderOf(this.k);
  }

  status(id: NodeId): Row | null {
    return this.index.statusOf(this.k, id);
  }

  statusChanged(id: NodeId): number {
    return this.index.statusChanged(this.k, id);
  }

  tables(id: NodeId): string[] {
    return this.index.tableKeys(id);
  }

  table(id: NodeId, key: string): TableRow[] {
    return this.index.tableOf(this.k, id, key);
  }

  timers(id: NodeId): PendingTimer[] {
    return this.index.timersOf(this.k, id);
  }

  handler(id: NodeId): HandlerRun | null {
    return this.index.handlerOf(this.k, id);
  }

  get network(): NetworkView {
    this.net ??= this.index.networkAt(this.cursor, this.time);
    return this.net;
  }

  get inAir(): readonly Flight[] {
    this.air ??= this.index.flights.inAir(this.time, this.cursor);
    return this.air;
  }

  get dropped(): readonly Flight[] {
    this.drops ??= this.index.flights.droppedNear(this.time, this.cursor, DROP_MARK_MS);
    return this.drops;
  }

  flight(id: number): Flight | undefined {
    const f = this.index.flights.get(id);
    return f && f.sent < this.cursor ? f : undefined;
  }

  overlapping(...[t0, t1, max, keep, among]: Parameters<World['overlapping']>): Flight[] {
    return this.index.flights.overlapping(t0, t1, this.cursor, max, keep, among);
  }

  get known(): readonly ViolationMark[] {
    return this.index.knownBefore(this.k.cursor);
  }

  get violations(): readonly ViolationMark[] {
    return this.index.violationsBefore(this.k);
  }

  get marks(): World['marks'] {
    this.markList ??= this.index.marks;
    return this.markList;
  }

  density(end: number, bins: number): number[] {
    return this.index.density(end, bins);
  }

  before(): World {
    if (this.cursor === 0) return this;
    this.earlier ??= this.index.at(this.cursor - 1, this.events.at(this.cursor - 2)?.t ?? 0);
    return this.earlier;
  }
}
