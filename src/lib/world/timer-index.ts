/**
 * The timers pending on each node, derived from the trace: a timer is armed by `timer-set`, ends
 * at its `timer-cancel` (a node that goes down cancels all of its timers), and at its firing event
 * either ends (one-shot) or comes due again one period later (fixed rate, as Spark's
 * `scheduleAtFixedRate`). The kernel's own table at any cursor is the same (a property test says so),
 * but for a paused node: its ticks come due unseen (no event happens), so its timers show overdue
 * until it resumes, when a fixed-rate timer is due again at the first tick of its rhythm not before
 * that moment (and the ticks it missed are handled late, at once, as the kernel does).
 */
import type { NodeId, TraceEvent } from '../sim/types';
import { Changes, lastBefore, type Change } from './changes';

export interface PendingTimer {
  key: string;
  name: string;
  /** When it comes due. */
  at: number;
  /** When it was armed or last fired: the start of its current wait. */
  since: number;
  period?: number;
}

export class TimerIndex {
  /** Per node and key (`node\0key`): the timer, or null once it is gone. */
  private timers = new Changes<string, PendingTimer | null>();
  /** Per node, its timer keys in the order first armed. */
  private keys = new Map<NodeId, string[]>();

  clear(): void {
    this.timers.clear();
    this.keys.clear();
  }

  truncate(n: number): void {
    this.timers.truncate(n);
    for (const [node, keys] of this.keys) {
      const left = keys.filter((key) => this.timers.get(`${node}\u0000${key}`) !== undefined);
      if (left.length > 0) this.keys.set(node, left);
      else this.keys.delete(node);
    }
  }

  private current(k: string): PendingTimer | null {
    const list = this.timers.get(k);
    return list && list.length > 0 ? list[list.length - 1].v : null;
  }

  private set(node: NodeId, key: string, i: number, v: PendingTimer | null): void {
    const k = `${node}\u0000${key}`;
    if (this.timers.get(k) === undefined) {
      let list = this.keys.get(node);
      if (!list) this.keys.set(node, (list = []));
      list.push(key);
    }
    this.timers.push(k, i, v);
  }

  add(e: TraceEvent): void {
    if (e.kind === 'resume') {
      for (const key of this.keys.get(e.node) ?? []) {
        const was = this.current(`${e.node}\u0000${key}`);
        if (was === null || was.period === undefined || was.period <= 0 || was.at >= e.t) continue;
        const at = was.at + Math.ceil((e.t - was.at) / was.period) * was.period;
        this.set(e.node, key, e.i, { ...was, at, since: at - was.period });
      }
    }
    if (e.kind === 'timer' && e.key !== undefined) {
      const was = this.current(`${e.node}\u0000${e.key}`);
      if (was !== null && was.period !== undefined && was.period > 0 && e.t >= was.at) {
        // Due again one period after the tick it made (ticks held through a pause come late, but
        // the timer kept its rhythm).
        const periods = Math.floor((e.t - was.at) / was.period) + 1;
        const at = was.at + periods * was.period;
        this.set(e.node, e.key, e.i, { ...was, at, since: at - was.period });
      } else if (was !== null && (was.period === undefined || was.period <= 0)) {
        this.set(e.node, e.key, e.i, null);
      }
    }
    for (const f of e.fx) {
      if (f.k === 'timer-set') {
        const t: PendingTimer = { key: f.key, name: f.name, at: f.at, since: e.t };
        if (f.period !== undefined) t.period = f.period;
        this.set(f.node, f.key, e.i, t);
      } else if (f.k === 'timer-cancel') {
        this.set(f.node, f.key, e.i, null);
      }
    }
  }

  /** The node's pending timers after `cursor` events, soonest first. */
  at(node: NodeId, cursor: number): PendingTimer[] {
    const out: PendingTimer[] = [];
    for (const key of this.keys.get(node) ?? []) {
      const list = this.timers.get(`${node}\u0000${key}`) as Change<PendingTimer | null>[];
      const k = lastBefore(list, cursor);
      if (k >= 0 && list[k].v !== null) out.push(list[k].v as PendingTimer);
    }
    return out.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
  }
}
