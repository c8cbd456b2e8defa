/**
 * Every chapter against its scenario, run as the page runs it: every anchor is found, in the story's
 * order; a question stops before the event it asks about; and "try it yourself" passes when the
 * learner does what is asked, and fails when they do something else or the outcome does not come.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chapters } from '../../../src/lib/chapters/catalog';
import { resolveChapter } from '../../../src/lib/chapters/resolve';
import { checkTry } from '../../../src/lib/chapters/try-it';
import { findAnchor, isAnchor } from '../../../src/lib/chapters/anchor';
import { chapterMessageKeys, type Chapter } from '../../../src/lib/chapters/chapter';
import { recordChapter } from '../support/chapter-run';
import type { Fault, TraceEvent } from '../../../src/lib/sim/types';

/** The fault the learner is asked for, as the fault menu makes it. */
function asked(c: Chapter): Fault {
  const { action, target } = c.tryIt.fault;
  if (action === 'partition') return { action, groups: [[target as string]] };
  return { action, target } as Fault;
}

describe.each(chapters.map((c) => [c.id, c] as const))('chapter %s', (_id, c) => {
  it('finds every anchor, in order, and stops before the event a question asks about', () => {
    const session = recordChapter(c);
    const events = session.sim.events;
    const r = resolveChapter(c, events);
    expect(r.missing).toEqual([]);
    for (let i = 1; i < r.cursors.length; i++) expect(r.cursors[i]).toBeGreaterThanOrEqual(r.cursors[i - 1]);
    c.steps.forEach((step, k) => {
      const e = events.at(r.events[k]) as TraceEvent;
      expect(isAnchor(e, step.anchor), `${step.id} at event ${e.i}`).toBe(true);
      if (step.predict) {
        expect(step.anchor.before, `${step.id} asks before its event`).toBe(true);
        expect(step.predict.answer).toBeGreaterThanOrEqual(1);
        expect(step.predict.answer).toBeLessThanOrEqual(step.predict.choices);
      }
      expect(r.cursors[k]).toBe(step.anchor.before ? r.events[k] : r.events[k] + 1);
    });
  });

  it('"try it yourself" passes when the learner does what is asked', () => {
    const session = recordChapter(c);
    const sim = session.sim;
    const from = resolveChapter(c, sim.events).cursors.at(-1) as number;
    sim.seek(from);
    sim.inject(asked(c));
    sim.runUntil(sim.kernel.now + c.tryIt.withinMs);
    const out = checkTry(c.tryIt, sim.events, from, sim.events.length, sim.endTime);
    expect(out.status).toBe('passed');
  });

  it('"try it yourself" fails when the learner does something else, or waits without acting', () => {
    const session = recordChapter(c);
    const sim = session.sim;
    const from = resolveChapter(c, sim.events).cursors.at(-1) as number;
    sim.seek(from);
    const other: Fault = { action: 'pause', target: 'master-1', duration: 1000 };
    sim.inject(other);
    sim.runUntil(sim.kernel.now + 5000);
    expect(checkTry(c.tryIt, sim.events, from, sim.events.length, sim.endTime)).toMatchObject({
      status: 'failed',
      why: 'other',
    });
    // Nothing done: still waiting, however long.
    expect(checkTry(c.tryIt, sim.events, sim.events.length, sim.events.length, 1e9).status).toBe('waiting');
  });
});

describe('chapter texts', () => {
  const catalogs = ['en', 'zh-CN'].map(
    (lang) => [lang, JSON.parse(readFileSync(`messages/${lang}.json`, 'utf8')) as Record<string, string>] as const,
  );
  it.each(catalogs)('every chapter has its title, captions, questions, choices and try-it in %s', (_lang, msgs) => {
    const missing = chapters.flatMap(chapterMessageKeys).filter((k) => !msgs[k]?.trim());
    expect(missing).toEqual([]);
  });

  it('no chapter message is left without a chapter (a renamed step leaves none behind)', () => {
    const used = new Set(chapters.flatMap(chapterMessageKeys));
    for (const [, msgs] of catalogs)
      expect(Object.keys(msgs).filter((k) => k.startsWith('ch_') && !used.has(k))).toEqual([]);
  });
});

describe('anchors', () => {
  it('a missing anchor is reported, not guessed', () => {
    const c = chapters[0];
    const broken: Chapter = { ...c, steps: [...c.steps, { id: 'nowhere', anchor: { deliver: 'NoSuchMessage' } }] };
    const r = resolveChapter(broken, recordChapter(c).sim.events);
    expect(r.missing).toEqual(['nowhere']);
  });

  it('nth counts from the previous step', () => {
    const events = recordChapter(chapters[0]).sim.events;
    const first = findAnchor(events, { timer: 'CheckForWorkerTimeOut' });
    const second = findAnchor(events, { timer: 'CheckForWorkerTimeOut' }, 0, 2);
    expect(second).toBeGreaterThan(first);
    expect(findAnchor(events, { timer: 'CheckForWorkerTimeOut' }, first + 1)).toBe(second);
  });

  it('the outcome coming too late fails the try', () => {
    const c = chapters.find((x) => x.id === 'heartbeats') as Chapter;
    const session = recordChapter(c);
    const sim = session.sim;
    const from = resolveChapter(c, sim.events).cursors.at(-1) as number;
    sim.seek(from);
    sim.inject(asked(c));
    // Only 10 s given: the master removes a silent worker after 60 s at the earliest.
    sim.runUntil(sim.kernel.now + 20_000);
    const out = checkTry({ ...c.tryIt, withinMs: 10_000 }, sim.events, from, sim.events.length, sim.endTime);
    expect(out).toMatchObject({ status: 'failed', why: 'late' });
  });
});
