/**
 * The simulated network: per-message latency and loss, partitions, per-link overrides and the set
 * of open connections (so a peer learns when a connection to it is lost, as Spark's
 * `onDisconnected` does).
 *
 * Links are FIFO, like the TCP connection Spark's Netty RPC keeps per pair of endpoints: a message
 * never overtakes an earlier one on the same directed link. Randomness is drawn per directed link,
 * so what happens on one link never shifts the draws of another.
 */
import { streamSeed, unitAt } from './rng';
import type { Address, NodeId } from './types';

export type Latency =
  | { dist: 'constant'; ms: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'exponential'; min: number; mean: number };

export interface NetworkConfig {
  latency: Latency;
  /** Probability in [0, 1] that a message is lost. */
  loss: number;
}

export const DEFAULT_NETWORK: NetworkConfig = {
  latency: { dist: 'uniform', min: 2, max: 10 },
  loss: 0,
};

interface LinkState {
  /** Delivery time of the last message scheduled on this link (FIFO floor). */
  last: number;
  /** Draws made so far on this link (its random streams are counter-based). */
  n: number;
  /** Seeds of the link's latency and loss streams (derived, not saved). */
  latencySeed: number;
  lossSeed: number;
  /** Messages still to drop because of a `drop` fault. */
  dropNext: number;
  /** Extra latency from a `delay` fault, and until when it applies (Infinity: until healed). */
  extra: number;
  extraUntil: number;
  /** Position in the network's list of links (stable across checkpoints). */
  index: number;
  /** Whether a message over this link has opened the connection between its ends (not saved). */
  open: boolean;
}

export interface Partition {
  name: string;
  /** Group number per node named in the partition; unnamed nodes are all in group -1. */
  groupOf: Record<NodeId, number>;
}

export interface NetworkState {
  /**
   * Every link as `from>to`, in the order the links were made. The list is shared with the live
   * network, which only ever appends to it: the saved links are the first `linkState.length / 5`.
   */
  links: readonly string[];
  /** Per saved link, in the same order, five numbers: last, n, dropNext, extra, extraUntil. */
  linkState: Float64Array;
  partitions: Partition[];
  /** Each open connection once, as `a>b`. */
  connections: string[];
  /** Addresses other than its own that a node was dialled by, as `dialler>node>address`. */
  aliases?: string[];
}

const linkKey = (from: NodeId, to: NodeId): string => `${from}>${to}`;

export class Network {
  /** The links, by sender then receiver (no key strings on the hot path). */
  private byFrom = new Map<NodeId, Map<NodeId, LinkState>>();
  /** The links' keys and states in the order they were made (links are never removed). */
  private linkKeys: string[] = [];
  private linkStates: LinkState[] = [];
  private partitions: Partition[] = [];
  private connections = new Map<NodeId, Set<NodeId>>();
  /**
   * A connection opened to another address of a node than its own (a DNS alias, a load
   * balancer's), by dialler and node (`a>b`): when the node goes, the dialler sees each of those
   * connections close, under the address it dialled.
   */
  private aliases = new Map<string, Address[]>();
  /** `save()`'s lists of connections and aliases dialled, kept until one opens or closes. */
  private savedConnections: string[] | null = null;
  private savedAliases: string[] = [];
  /** Whether the message `route` last routed is lost, and why (read right after `route`). */
  lastLoss: 'lost' | 'dropped by fault' | null = null;
  /** The link `route` last routed over (read right after `route`; see `connectOver`). */
  lastLink = -1;

  constructor(
    private readonly config: NetworkConfig,
    private readonly seed: number,
  ) {}

  /**
   * A node's link to itself, for a message it sends itself: Spark's `self.send` goes to its own
   * inbox, never over the network, so it has no latency, no loss and no fault (issue 19, bug 1).
   */
  local(node: NodeId): number {
    return this.link(node, node).index;
  }

  /** The link from `from` to `to`, made (or, from a network state loaded earlier, `reused`) if new. */
  private link(from: NodeId, to: NodeId, reused?: LinkState): LinkState {
    let out = this.byFrom.get(from);
    if (!out) this.byFrom.set(from, (out = new Map()));
    let l = out.get(to);
    if (!l) {
      l = reused ?? this.newLink(from, to);
      out.set(to, l);
      this.addLink(linkKey(from, to), l);
    }
    return l;
  }

  private addLink(key: string, l: LinkState): void {
    l.index = this.linkStates.length;
    this.linkKeys.push(key);
    this.linkStates.push(l);
  }

  private newLink(from: NodeId, to: NodeId): LinkState {
    const key = linkKey(from, to);
    return {
      last: 0,
      n: 0,
      latencySeed: streamSeed(this.seed, `latency:${key}`),
      lossSeed: streamSeed(this.seed, `loss:${key}`),
      dropNext: 0,
      extra: 0,
      extraUntil: 0,
      index: -1,
      open: false,
    };
  }

  private drawLatency(l: LinkState, n: number): number {
    const lat = this.config.latency;
    if (lat.dist === 'constant') return lat.ms;
    const u = unitAt(l.latencySeed, n);
    if (lat.dist === 'uniform') return Math.round(lat.min + u * (lat.max - lat.min));
    return Math.round(lat.min - Math.log(1 - u) * Math.max(0, lat.mean - lat.min));
  }

  /**
   * Decides when a message sent at `now` arrives (the result), and whether it is lost
   * (`lastLoss`; no result object on the hot path). Delivery times are whole milliseconds and never
   * earlier than the previous message on the same link.
   */
  route(from: NodeId, to: NodeId, now: number): number {
    const l = this.link(from, to);
    const n = l.n++;
    let lost: 'lost' | 'dropped by fault' | null = null;
    if (l.dropNext > 0) {
      l.dropNext--;
      lost = 'dropped by fault';
    } else if (this.config.loss > 0 && unitAt(l.lossSeed, n) < this.config.loss) {
      lost = 'lost';
    }
    let delay = this.drawLatency(l, n);
    if (l.extra > 0 && now < l.extraUntil) delay += l.extra;
    const at = Math.max(now + delay, l.last);
    l.last = at;
    this.lastLoss = lost;
    this.lastLink = l.index;
    return at;
  }

  /**
   * A lower bound on the delay of anything travelling between two nodes (messages and connection
   * notices alike): no event at time t can make another node do something before t + this.
   */
  minDelay(): number {
    const lat = this.config.latency;
    return Math.max(0, Math.floor(lat.dist === 'constant' ? lat.ms : lat.min));
  }

  /** A one-off latency draw for a notice (a connection reset) travelling from `from` to `to`. */
  noticeDelay(from: NodeId, to: NodeId, now: number): number {
    return this.route(from, to, now);
  }

  /** True when an active partition separates the two nodes. */
  blocked(a: NodeId, b: NodeId): boolean {
    if (this.partitions.length === 0) return false;
    for (const p of this.partitions) {
      const ga = p.groupOf[a] ?? -1;
      const gb = p.groupOf[b] ?? -1;
      if (ga !== gb) return true;
    }
    return false;
  }

  partition(name: string, groups: NodeId[][]): void {
    const groupOf: Record<NodeId, number> = {};
    groups.forEach((g, i) => g.forEach((n) => (groupOf[n] = i)));
    this.partitions = this.partitions.filter((p) => p.name !== name);
    this.partitions.push({ name, groupOf });
  }

  /** Heals one named partition, or all of them, and lifts every link override. */
  heal(name?: string): void {
    if (name === undefined) {
      this.partitions = [];
      for (const l of this.linkStates) {
        l.dropNext = 0;
        l.extra = 0;
      }
    } else {
      this.partitions = this.partitions.filter((p) => p.name !== name);
    }
  }

  dropNext(from: NodeId, to: NodeId, count: number): void {
    this.link(from, to).dropNext += count;
  }

  delay(from: NodeId, to: NodeId, extra: number, until: number): void {
    const l = this.link(from, to);
    l.extra = extra;
    l.extraUntil = until;
  }

  activePartitions(): readonly Partition[] {
    return this.partitions;
  }

  /** Records that a and b have an open connection (a message went between them). */
  connect(a: NodeId, b: NodeId): void {
    if (a === b) return;
    let s = this.connections.get(a);
    if (!s) this.connections.set(a, (s = new Set()));
    if (s.has(b)) return;
    this.savedConnections = null;
    s.add(b);
    let r = this.connections.get(b);
    if (!r) this.connections.set(b, (r = new Set()));
    r.add(a);
  }

  /**
   * `connect(a, b)` for a message that came over link number `link` (from `lastLink` when it was
   * sent): once that link has opened the connection, a flag answers without a lookup.
   */
  connectOver(link: number, a: NodeId, b: NodeId): void {
    const l = this.linkStates[link];
    if (l !== undefined && l.open) return;
    this.connect(a, b);
    if (l !== undefined) l.open = true;
  }

  /** `from` opened a connection to `to` under `address`, which is not `to`'s own. */
  dialledAs(from: NodeId, to: NodeId, address: Address): void {
    const key = linkKey(from, to);
    const list = this.aliases.get(key);
    if (list?.includes(address)) return;
    this.savedConnections = null;
    if (list) list.push(address);
    else this.aliases.set(key, [address]);
  }

  /**
   * Closes every connection of `node` and returns the peers that had one, sorted, each with the
   * other addresses of `node` it had dialled.
   */
  disconnectAll(node: NodeId): { peer: NodeId; aliases: readonly Address[] }[] {
    const peers = [...(this.connections.get(node) ?? [])].sort();
    if (peers.length > 0) this.savedConnections = null;
    const closed = peers.map((peer) => ({ peer, aliases: this.aliases.get(linkKey(peer, node)) ?? [] }));
    for (const p of peers) {
      this.aliases.delete(linkKey(p, node));
      this.aliases.delete(linkKey(node, p));
      const out = this.byFrom.get(node)?.get(p);
      if (out) out.open = false;
      const back = this.byFrom.get(p)?.get(node);
      if (back) back.open = false;
      this.connections.get(p)?.delete(node);
    }
    this.connections.delete(node);
    return closed;
  }

  /**
   * The network's state, as plain data. A checkpoint takes one every few thousand events: link
   * states go out as one flat array of numbers, the list of link names is shared (it only grows),
   * and the list of connections is reused until one opens or closes.
   */
  save(): NetworkState {
    const states = this.linkStates;
    const linkState = new Float64Array(5 * states.length);
    for (let i = 0, j = 0; i < states.length; i++, j += 5) {
      const l = states[i];
      linkState[j] = l.last;
      linkState[j + 1] = l.n;
      linkState[j + 2] = l.dropNext;
      linkState[j + 3] = l.extra;
      linkState[j + 4] = l.extraUntil;
    }
    if (this.savedConnections === null) {
      const connections: string[] = [];
      for (const [a, peers] of this.connections) for (const b of peers) if (a < b) connections.push(`${a}>${b}`);
      this.savedConnections = connections;
      this.savedAliases = [...this.aliases].flatMap(([key, list]) => list.map((a) => `${key}>${a}`));
    }
    return {
      links: this.linkKeys,
      linkState,
      partitions: this.partitions.map((p) => ({ ...p, groupOf: { ...p.groupOf } })),
      connections: this.savedConnections,
      ...(this.savedAliases.length > 0 ? { aliases: this.savedAliases } : {}),
    };
  }

  load(state: NetworkState): void {
    // A link's seeds follow from its name, so the links made before are reused (a seek restores
    // thousands of links, and deriving their seeds again would cost more than the rest).
    const before = this.byFrom;
    this.byFrom = new Map();
    this.linkKeys = [];
    this.linkStates = [];
    const count = state.linkState.length / 5;
    for (let i = 0; i < count; i++) {
      const key = state.links[i];
      const sep = key.indexOf('>');
      const from = key.slice(0, sep);
      const to = key.slice(sep + 1);
      // Made again in the saved order, so each link keeps its index.
      const link = this.link(from, to, before.get(from)?.get(to));
      const j = 5 * i;
      link.last = state.linkState[j];
      link.n = state.linkState[j + 1];
      link.dropNext = state.linkState[j + 2];
      link.extra = state.linkState[j + 3];
      link.extraUntil = state.linkState[j + 4];
      link.open = false;
    }
    this.partitions = state.partitions.map((p) => ({ ...p, groupOf: { ...p.groupOf } }));
    this.connections = new Map();
    this.savedConnections = null;
    for (const pair of state.connections) {
      const sep = pair.indexOf('>');
      this.connect(pair.slice(0, sep), pair.slice(sep + 1));
    }
    this.aliases = new Map();
    for (const entry of state.aliases ?? []) {
      const [from, to, ...address] = entry.split('>');
      this.dialledAs(from, to, address.join('>'));
    }
    this.savedConnections = null;
  }
}
