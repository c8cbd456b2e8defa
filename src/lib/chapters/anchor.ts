/**
 * Finding an anchor (`Anchor`) in a trace: the index of the event where it happens.
 */
import type { EventList, Fault, NodeId, TraceEvent } from '../sim/types';
import type { AnchorWhat } from './chapter';

function matchesState(to: string, want: string): boolean {
  return to === want || to.startsWith(`${want}.`);
}

/** Whether event `e` is what `a` names. */
export function isAnchor(e: TraceEvent, a: AnchorWhat): boolean {
  if ('deliver' in a)
    return e.kind === 'deliver' && e.msg === a.deliver && (!a.to || e.node === a.to) && (!a.from || e.from === a.from);
  if ('sendFailed' in a) return e.kind === 'send-failed' && e.msg === a.sendFailed && (!a.node || e.node === a.node);
  if ('timer' in a) return e.kind === 'timer' && e.name === a.timer && (!a.node || e.node === a.node);
  if ('fault' in a) {
    if (e.kind !== 'fault' || e.fault?.action !== a.fault) return false;
    return !a.target || faultTargets(e.fault).includes(a.target);
  }
  if ('start' in a) return e.kind === 'start' && e.node === a.start;
  if ('state' in a)
    return e.fx.some((f) => f.k === 'state' && matchesState(f.to, a.state) && (!a.node || f.node === a.node));
  const { log } = a;
  return e.fx.some(
    (f) =>
      f.k === 'log' &&
      (!a.node || f.node === a.node) &&
      (typeof log === 'string' ? f.text.includes(log) : log.test(f.text)),
  );
}

/** The nodes a fault acts on (a partition: every node of its groups). */
export function faultTargets(f: Fault | undefined): NodeId[] {
  if (!f) return [];
  switch (f.action) {
    case 'partition':
      return f.groups.flat();
    case 'heal':
      return [];
    case 'drop':
    case 'delay':
      return [f.from, f.to];
    default:
      return [f.target];
  }
}

/** The index of the `nth` event at or after `from` (and before `to`) that `a` names, or -1. */
export function findAnchor(events: EventList, a: AnchorWhat, from = 0, nth = 1, to = events.length): number {
  let left = nth;
  for (let i = Math.max(0, from); i < Math.min(to, events.length); i++) {
    if (isAnchor(events.at(i) as TraceEvent, a) && --left === 0) return i;
  }
  return -1;
}
