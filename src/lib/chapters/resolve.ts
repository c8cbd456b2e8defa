/**
 * Where each step of a chapter stands in a trace: the cursor it shows (just after its anchored
 * event, or just before it for a question). Each anchor is looked for from the previous step's
 * event on, so steps follow the story's order.
 */
import type { EventList } from '../sim/types';
import { findAnchor } from './anchor';
import type { Chapter } from './chapter';

export interface Resolved {
  /** Each step's cursor. */
  cursors: number[];
  /** Each step's anchored event. */
  events: number[];
  /** The steps whose anchor was not found (their cursor repeats the previous one). */
  missing: string[];
}

export function resolveChapter(c: Chapter, events: EventList): Resolved {
  const out: Resolved = { cursors: [], events: [], missing: [] };
  let from = 0;
  for (const step of c.steps) {
    const i = findAnchor(events, step.anchor, from, step.anchor.nth ?? 1);
    if (i < 0) {
      out.missing.push(step.id);
      out.events.push(from);
      out.cursors.push(out.cursors.at(-1) ?? 0);
      continue;
    }
    out.events.push(i);
    out.cursors.push(step.anchor.before ? i : i + 1);
    from = i;
  }
  return out;
}
