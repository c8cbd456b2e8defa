import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceHasher, hashTrace, traceLines } from '../../../src/lib/sim/trace';
import type { TraceEvent } from '../../../src/lib/sim/types';

/** SHA-256 of the canonical text, worked out by Node's own hash: what the hasher must agree with. */
const reference = (events: TraceEvent[]) => createHash('sha256').update(traceLines(events), 'utf8').digest('hex');

// Text of every width in UTF-8 (Chinese, emoji), and now and then longer than a batch of lines.
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('心跳', 'worker-1 已停止', '🚀', 'é'),
  fc.nat({ max: 3 }).map((k) => '注册'.repeat(20_000 + k) + 'x'),
);
const events = fc
  .array(fc.record({ t: fc.nat(), node: text, kind: fc.constant('start' as const) }), { maxLength: 12 })
  .map((es) => es.map((e, i) => ({ i, ...e }) as unknown as TraceEvent));

describe('TraceHasher', () => {
  it('hashes the canonical text, fed in any slices, as SHA-256 of the whole does', () => {
    fc.assert(
      fc.property(events, fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), (es, cuts) => {
        const h = new TraceHasher();
        let k = 0;
        while (h.feed(es, cuts[k++ % cuts.length]) > 0);
        const want = reference(es);
        expect(h.ready(es)).toBe(want);
        expect(hashTrace(es)).toBe(want);
      }),
      { numRuns: 60 },
    );
  });

  it('starts again when the trace it hashed was cut shorter', () => {
    const es = [0, 1, 2].map((i) => ({ i, t: i, node: `w${i}`, kind: 'start' }) as unknown as TraceEvent);
    const h = new TraceHasher();
    h.digest(es);
    expect(h.digest(es.slice(0, 2))).toBe(reference(es.slice(0, 2)));
  });
});
