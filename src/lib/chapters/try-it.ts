/**
 * Checking a chapter's "try it yourself" (`TryIt`) against the trace, from the moment it was asked.
 */
import type { EventList, TraceEvent } from '../sim/types';
import { faultTargets, isAnchor } from './anchor';
import type { TryIt } from './chapter';

export type TryOutcome =
  | { status: 'waiting' }
  /** The learner made the fault; the outcome has not come yet. */
  | { status: 'watching'; since: number }
  | { status: 'passed'; at: number }
  /** `other`: another fault came first. `late`: the outcome did not come in time. */
  | { status: 'failed'; why: 'other' | 'late'; at: number };

function isTheFault(e: TraceEvent, t: TryIt): boolean {
  return e.fault?.action === t.fault.action && (!t.fault.target || faultTargets(e.fault).includes(t.fault.target));
}

/** The outcome over events `[from, to)`, the virtual time shown being `now`. */
export function checkTry(t: TryIt, events: EventList, from: number, to: number, now: number): TryOutcome {
  let since: number | null = null;
  for (let i = Math.max(0, from); i < Math.min(to, events.length); i++) {
    const e = events.at(i) as TraceEvent;
    if (since === null) {
      if (e.kind !== 'fault') continue;
      if (isTheFault(e, t)) since = e.t;
      else return { status: 'failed', why: 'other', at: i };
      continue;
    }
    if (e.t - since > t.withinMs) return { status: 'failed', why: 'late', at: i };
    if (isAnchor(e, t.expect)) return { status: 'passed', at: i };
  }
  if (since === null) return { status: 'waiting' };
  if (now - since > t.withinMs) return { status: 'failed', why: 'late', at: to };
  return { status: 'watching', since };
}
