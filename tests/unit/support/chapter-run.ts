/** A chapter's scenario recorded whole in-process, as the page records it before the first step. */
import { readFileSync } from 'node:fs';
import { createInProcessSession } from '../../../src/lib/runtime/inprocess';
import { parseScenario, runLength } from '../../../src/lib/scenario/load';
import type { Chapter } from '../../../src/lib/chapters/chapter';

export function recordChapter(c: Chapter) {
  const s = parseScenario(JSON.parse(readFileSync(`scenarios/${c.scenario}`, 'utf8')));
  const session = createInProcessSession(s);
  session.sim.runUntil(runLength(s));
  return session;
}
