/**
 * A run of events whose common fields can be read without rebuilding them: the trace store, or an
 * array. Whatever scans a long trace (a minimap, a filter, a list of message types) reads these.
 */
import type { EventKind, EventList, TraceEvent } from './types';

export interface TimedEvents extends EventList {
  /** Virtual time of event `i`. */
  time(i: number): number;
  /** Virtual time of the last of the first `n` events (0 when there are none). */
  timeBefore(n: number): number;
  kindOf(i: number): EventKind;
  /** The node event `i` happens at. */
  nodeOf(i: number): string;
  /** The message type of event `i` (deliveries, drops, failed sends). */
  msgOf(i: number): string | undefined;
  /** The sender of the message of event `i`. */
  fromOf(i: number): string | undefined;
}

/** An array of events, read as a trace. */
export function eventArray(events: readonly TraceEvent[]): TimedEvents {
  return {
    get length() {
      return events.length;
    },
    at: (i: number) => events.at(i),
    slice: (a?: number, b?: number) => events.slice(a, b),
    time: (i: number) => events[i].t,
    timeBefore: (n: number) => (n > 0 ? events[Math.min(n, events.length) - 1].t : 0),
    kindOf: (i: number) => events[i].kind,
    nodeOf: (i: number) => events[i].node,
    msgOf: (i: number) => events[i].msg,
    fromOf: (i: number) => events[i].from,
    [Symbol.iterator]: () => events[Symbol.iterator](),
  };
}

/** How many of the events (from `from` on, when given) happen at or before `t`. */
export function countAtOrBefore(events: TimedEvents, t: number, from = 0): number {
  let lo = Math.min(from, events.length);
  if (lo > 0 && events.time(lo - 1) > t) lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events.time(mid) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
