/**
 * The timers pending on each node, derived from the trace: a timer is armed by `timer-set`, ends
 * at its `timer-cancel` (a node that goes down cancels all of its timers), and at its firing event
 * either ends (one-shot) or comes due again one period later (fixed rate, as Spark's
 * `scheduleAtFixedRate`). The kernel's own table at any cursor is the same (a property test says so),
 * but for a paused node: its ticks come due unseen (no event happens), so its timers show overdue
 * until it resumes, when a fixed-rate timer is due again at the first tick of its rhythm not before
 * that moment (and the ticks it missed are handled late, at once, as the kernel does).
 *
 * A heartbeat timer fires a million times in a long run: each tick on time is kept as the index of
 * its event only (four bytes), and the timer's due time is counted from them; what else changes
 * a timer (armed, cancelled, a one-shot fired, moved on after a pause) is rare and kept whole.
 */
import type { NodeId, TraceEvent } from '../sim/types';
import { lastBefore, type Change } from './changes';
import { IntList } from './int-list';

export interface PendingTimer {
  key: string;
  name: string;
  /** When it comes due. */
  at: number;
  /** When it was armed or last fired: the start of its current wait. */
  since: number;
  period?: number;
}

/** One timer of one node over the trace. */
interface Line {
  key: string;
  /** What it became at each rare change (null: gone). */
  changes: Change<PendingTimer | null>[];
  /** The events at which it ticked on time (a fixed-rate timer), in order. */
  ticks: IntList;
}

export class TimerIndex {
  /** Per node, its timers in the order first armed. */
  private lines = new Map<NodeId, Line[]>();
  private byKey = new Map<string, Line>();

  clear(): void {
    this.lines.clear();
    this.byKey.clear();
  }

  truncate(n: number): void {
    for (const [node, lines] of this.lines) {
      for (const l of lines) {
        while (l.changes.length > 0 && l.changes[l.changes.length - 1].i >= n) l.changes.pop();
        l.ticks.truncate(l.ticks.countBelow(n));
      }
      const left = lines.filter((l) => l.changes.length > 0);
      for (const l of lines) if (l.changes.length === 0) this.byKey.delete(`${node}\u0000${l.key}`);
      if (left.length > 0) this.lines.set(node, left);
      else this.lines.delete(node);
    }
  }

  private line(node: NodeId, key: string): Line {
    const k = `${node}\u0000${key}`;
    let l = this.byKey.get(k);
    if (l === undefined) {
      l = { key, changes: [], ticks: new IntList(4) };
      this.byKey.set(k, l);
      let list = this.lines.get(node);
      if (!list) this.lines.set(node, (list = []));
      list.push(l);
    }
    return l;
  }

  /** The timer as the line says after `cursor` events. */
  private valueAt(l: Line, cursor: number): PendingTimer | null {
    const k = lastBefore(l.changes, cursor);
    if (k < 0) return null;
    const c = l.changes[k];
    const v = c.v;
    if (v === null || v.period === undefined || v.period <= 0) return v;
    // Ticks on time after the change and before the cursor: each one period on.
    const ticks = l.ticks.countBelow(cursor) - l.ticks.countBelow(c.i + 1);
    if (ticks === 0) return v;
    const at = v.at + ticks * v.period;
    return { ...v, at, since: at - v.period };
  }

  private current(l: Line): PendingTimer | null {
    return this.valueAt(l, Number.MAX_SAFE_INTEGER);
  }

  add(e: TraceEvent): void {
    if (e.kind === 'resume') {
      for (const l of this.lines.get(e.node) ?? []) {
        const was = this.current(l);
        if (was === null || was.period === undefined || was.period <= 0 || was.at >= e.t) continue;
        const at = was.at + Math.ceil((e.t - was.at) / was.period) * was.period;
        l.changes.push({ i: e.i, v: { ...was, at, since: at - was.period } });
      }
    }
    if (e.kind === 'timer' && e.key !== undefined) {
      const l = this.byKey.get(`${e.node}\u0000${e.key}`);
      const was = l ? this.current(l) : null;
      if (l && was !== null) {
        if (was.period !== undefined && was.period > 0) {
          // On time (not a tick held through a pause, handled late): due again one period on.
          if (e.t >= was.at) {
            if (e.t < was.at + was.period) l.ticks.push(e.i);
            else {
              const at = was.at + (Math.floor((e.t - was.at) / was.period) + 1) * was.period;
              l.changes.push({ i: e.i, v: { ...was, at, since: at - was.period } });
            }
          }
        } else {
          l.changes.push({ i: e.i, v: null });
        }
      }
    }
    for (const f of e.fx) {
      if (f.k === 'timer-set') {
        const t: PendingTimer = { key: f.key, name: f.name, at: f.at, since: e.t };
        if (f.period !== undefined) t.period = f.period;
        this.line(f.node, f.key).changes.push({ i: e.i, v: t });
      } else if (f.k === 'timer-cancel') {
        this.line(f.node, f.key).changes.push({ i: e.i, v: null });
      }
    }
  }

  /** The node's pending timers after `cursor` events, soonest first. */
  at(node: NodeId, cursor: number): PendingTimer[] {
    const out: PendingTimer[] = [];
    for (const l of this.lines.get(node) ?? []) {
      const v = this.valueAt(l, cursor);
      if (v !== null) out.push(v);
    }
    return out.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
  }
}
