/** A run of events whose times can be read without rebuilding them: the trace store, or an array. */
import type { EventList, TraceEvent } from './types';

export interface TimedEvents extends EventList {
  /** Virtual time of event `i`. */
  time(i: number): number;
  /** Virtual time of the last of the first `n` events (0 when there are none). */
  timeBefore(n: number): number;
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
