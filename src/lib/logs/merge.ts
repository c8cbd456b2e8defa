/**
 * Several files' events as one sequence: by time, then file order, then line. Within one printed
 * time, a cause in one file goes before its effect in another (a second-resolution log cannot say
 * which came first; the pairs can). Each file's events are sorted first if the file is not in
 * time order (a mangled paste).
 */
import type { LogEvent } from './types';

/**
 * Merges per-file event lists (in file order). `causeOf` maps an effect to its cause in another
 * file: an effect is held back while its cause, at the same time, is still to come.
 */
export function mergeEvents(perFile: readonly LogEvent[][], causeOf: ReadonlyMap<LogEvent, LogEvent>): LogEvent[] {
  const lists = perFile.map((list) => {
    for (let i = 1; i < list.length; i++) if (list[i].time < list[i - 1].time) return sortedByTime(list);
    return list;
  });
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
    let p = pos[best];
    do {
      const e = list[p++];
      if (causes.has(e)) emitted.add(e);
      out[k++] = e;
    } while (p < list.length && list[p].time < limit);
    pos[best] = p;
    if (p === list.length) live.splice(live.indexOf(best), 1);
  }
  return out;
}

/** A stable sort by time (through an array of times: no property read in the comparison). */
function sortedByTime(list: readonly LogEvent[]): LogEvent[] {
  const times = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) times[i] = list[i].time;
  const order = Array.from({ length: list.length }, (_, i) => i);
  order.sort((a, b) => times[a] - times[b] || a - b);
  return order.map((i) => list[i]);
}
