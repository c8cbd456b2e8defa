/**
 * The network's faults over the trace: partitions (from `partition` and `heal` faults) and the
 * links told to drop or delay messages. Faults change the network rarely, so each change keeps
 * the whole picture as it then is.
 */
import type { Fault, NodeId, TraceEvent } from '../sim/types';
import { Changes } from './changes';

export interface PartitionView {
  name: string;
  /** The groups as the fault gave them; every node not named is in one more group of its own. */
  groups: readonly (readonly NodeId[])[];
}

export interface LinkFault {
  from: NodeId;
  to: NodeId;
  /** Messages still to drop (a `drop` fault). */
  drop: number;
  /** Extra latency in ms, and until when (a `delay` fault). */
  extra: number;
  until: number;
}

export interface NetworkView {
  partitions: readonly PartitionView[];
  links: readonly LinkFault[];
}

const CALM: NetworkView = { partitions: [], links: [] };

export class LinkIndex {
  private views = new Changes<'net', NetworkView>();
  private last: NetworkView = CALM;

  clear(): void {
    this.views.clear();
    this.last = CALM;
  }

  truncate(n: number): void {
    this.views.truncate(n);
    const list = this.views.get('net');
    this.last = list && list.length > 0 ? list[list.length - 1].v : CALM;
  }

  private change(i: number, next: NetworkView): void {
    this.last = next;
    this.views.push('net', i, next);
  }

  add(e: TraceEvent): void {
    if (e.kind === 'fault' && e.fault && !e.reason) this.fault(e.i, e.t, e.fault);
    for (const f of e.fx) {
      if (f.k === 'drop' && f.reason === 'dropped by fault' && f.to !== null) {
        const to = f.to;
        const links = this.last.links.map((l) => (l.from === f.from && l.to === to ? { ...l, drop: l.drop - 1 } : l));
        this.change(e.i, { ...this.last, links: links.filter((l) => l.drop > 0 || l.extra > 0) });
      }
    }
  }

  private fault(i: number, t: number, f: Fault): void {
    const net = this.last;
    switch (f.action) {
      case 'partition': {
        const name = f.name ?? `partition-${i}`;
        this.change(i, {
          ...net,
          partitions: [...net.partitions.filter((p) => p.name !== name), { name, groups: f.groups }],
        });
        break;
      }
      case 'heal':
        this.change(
          i,
          f.name === undefined ? CALM : { ...net, partitions: net.partitions.filter((p) => p.name !== f.name) },
        );
        break;
      case 'drop':
      case 'delay': {
        const old = net.links.find((l) => l.from === f.from && l.to === f.to);
        const link: LinkFault = old ? { ...old } : { from: f.from, to: f.to, drop: 0, extra: 0, until: 0 };
        if (f.action === 'drop') link.drop += f.count ?? 1;
        else {
          link.extra = f.extra;
          link.until = f.duration === undefined ? Number.MAX_SAFE_INTEGER : t + f.duration;
        }
        this.change(i, { ...net, links: [...net.links.filter((l) => l !== old), link] });
        break;
      }
      default:
        break;
    }
  }

  /** The network after `cursor` events; delays that ran out by `time` are left out. */
  at(cursor: number, time: number): NetworkView {
    const net = this.views.at('net', cursor, CALM);
    if (!net.links.some((l) => l.extra > 0 && l.until <= time)) return net;
    return {
      partitions: net.partitions,
      links: net.links
        .map((l) => (l.extra > 0 && l.until <= time ? { ...l, extra: 0 } : l))
        .filter((l) => l.drop > 0 || l.extra > 0),
    };
  }

  /** Whether an active partition separates two nodes (as the kernel decides it). */
  static separated(net: NetworkView, a: NodeId, b: NodeId): boolean {
    for (const p of net.partitions) {
      const ga = p.groups.findIndex((g) => g.includes(a));
      const gb = p.groups.findIndex((g) => g.includes(b));
      if (ga !== gb) return true;
    }
    return false;
  }
}
