/**
 * Several files' events as one sequence: by time, then file order, then line. Within one printed
 * time, a cause in one file goes before its effect in another (a second-resolution log cannot say
 * which came first; the pairs can). A file not in time order (a mangled paste) is sorted first.
 * Each event gets its daemon's id as it is placed (the one pass over every event).
 */
import type { LogEvent } from './types';

type Draft = LogEvent & { daemon: string };

/** One file's events, in file order, with the daemon id of each. */
export interface MergeInput {
  readonly events: readonly Draft[];
  /** The stream of each event, an index into `ids`. */
  readonly streams: readonly number[];
  readonly ids: readonly string[];
  readonly inOrder: boolean;
}

/**
 * Merges the files' events. `causeOf` maps an effect to its cause in another file: an effect is
 * held back while its cause, at the same time, is still to come.
 */
export function mergeEvents(inputs: readonly MergeInput[], causeOf: ReadonlyMap<LogEvent, LogEvent>): LogEvent[] {
  const lists: (readonly Draft[])[] = [];
  const streams: (readonly number[])[] = [];
  for (const input of inputs) {
    if (input.inOrder) {
      lists.push(input.events);
      streams.push(input.streams);
    } else {
      const order = byTime(input.events);
      lists.push(order.map((i) => input.events[i]));
      streams.push(order.map((i) => input.streams[i]));
    }
  }
  let total = 0;
  for (const l of lists) total += l.length;
  const out = new Array<LogEvent>(total);
  const pos = new Array<number>(lists.length).fill(0);
  const emitted = new Set<LogEvent>();
  const causes = new Set(causeOf.values());
  const live = lists.map((_, i) => i).filter((i) => lists[i].length > 0);
  let k = 0;
  while (k < total) {
    let best = -1;
    let bestTime = Infinity;
    for (const i of live) {
      const t = lists[i][pos[i]].time;
      if (t < bestTime) {
        bestTime = t;
        best = i;
      }
    }
    if (causeOf.size > 0) {
      // Among the files at the earliest time, the first whose head does not wait for a cause.
      for (const i of live) {
        const e = lists[i][pos[i]];
        if (e.time !== bestTime) continue;
        const cause = causeOf.get(e);
        if (cause === undefined || cause.time !== bestTime || emitted.has(cause)) {
          best = i;
          break;
        }
      }
    }
    // Take from it while it is strictly earlier than every other file's next event.
    let limit = Infinity;
    for (const i of live) if (i !== best && lists[i][pos[i]].time < limit) limit = lists[i][pos[i]].time;
    const list = lists[best];
    const stream = streams[best];
    const ids = inputs[best].ids;
    const checkCauses = causes.size > 0;
    let p = pos[best];
    do {
      const e = list[p];
      e.daemon = ids[stream[p]];
      p++;
      if (checkCauses && causes.has(e)) emitted.add(e);
      out[k++] = e;
    } while (p < list.length && list[p].time < limit);
    pos[best] = p;
    if (p === list.length) live.splice(live.indexOf(best), 1);
  }
  return out;
}

/**
 * The indexes of the events in time order, stable. Lines of one second share a time: when there
 * are few distinct times, the events are put in buckets by time and the times alone sorted.
 */
function byTime(list: readonly LogEvent[]): number[] {
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < list.length; i++) {
    const t = list[i].time;
    const bucket = buckets.get(t);
    if (bucket) bucket.push(i);
    else buckets.set(t, [i]);
  }
  const times = Float64Array.from(buckets.keys()).sort();
  const order: number[] = [];
  for (const t of times) for (const i of buckets.get(t)!) order.push(i);
  return order;
}
