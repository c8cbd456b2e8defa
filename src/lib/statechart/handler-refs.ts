/**
 * Which of Spark's handlers ran for each machine event of each daemon kind, gathered from recorded
 * traces: what clicking an arrow of a statechart shows. (A handler names itself only as it runs, so
 * the example scenarios are run to learn them; `npm run statecharts` keeps the result.)
 */
import type { SourceRef, TraceEvent } from '../sim/types';
import { refKey } from '../spark/refs';
import { machineEventOf } from './machine-event';

/** Per kind and event: each handler seen, with the earliest place it took in an event (0: the entry). */
export type RefsByKind = Record<string, Record<string, { ref: SourceRef; rank: number }[]>>;

/** Adds the handlers the trace's events ran to `into`, by the kind of the node (of `nodes`) they ran at. */
export function gatherHandlerRefs(
  nodes: readonly { id: string; kind: string }[],
  events: Iterable<TraceEvent>,
  into: RefsByKind,
): void {
  const kindOf = new Map(nodes.map((n) => [n.id, n.kind]));
  for (const e of events) {
    const event = machineEventOf(e);
    const kind = kindOf.get(e.node);
    if (event === null || !kind) continue;
    let rank = 0;
    for (const f of e.fx) {
      if (f.k !== 'handler' || f.node !== e.node) continue;
      const list = ((into[kind] ??= {})[event] ??= []);
      const key = refKey(f.ref);
      const seen = list.find((r) => refKey(r.ref) === key);
      if (!seen) list.push({ ref: f.ref, rank });
      else if (rank < seen.rank) seen.rank = rank;
      rank++;
    }
  }
}

/** One kind's handlers per event, entry handlers first, in a stable order (for a file kept in the repository). */
export function sortedRefs(refs: RefsByKind[string]): Record<string, SourceRef[]> {
  return Object.fromEntries(
    Object.keys(refs)
      .sort()
      .map((event) => [
        event,
        [...refs[event]]
          .sort(
            (a, b) => a.rank - b.rank || (refKey(a.ref) < refKey(b.ref) ? -1 : refKey(a.ref) > refKey(b.ref) ? 1 : 0),
          )
          .map((r) => r.ref),
      ]),
  );
}
