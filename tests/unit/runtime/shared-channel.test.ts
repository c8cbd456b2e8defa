/**
 * The shared-memory lane between the host and a real thread (Node's worker_threads): requests
 * written to it and messages posted beside it are handled in the order the host made them, whether
 * the thread spins or sleeps between them, and whatever does not fit goes by postMessage in its place.
 */
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { HostLane } from '../../../src/lib/runtime/shared-channel';

interface Answer {
  n: number;
  seen: string[];
  pad: string;
}

/** `pump` spins up to `ms` for the answers that are out. */
type Step = { kind: 'post'; fail?: boolean } | { kind: 'request'; pad: number } | { kind: 'pump'; ms: number };

/** A thread with a lane; answers are collected by number, whichever way they came. */
function start(spinMs: number, regionBytes: number) {
  const thread = new Worker(new URL('./lane-thread.mjs', import.meta.url));
  const answers = new Map<number, Answer>();
  const take = (text: string) => {
    const a = JSON.parse(text) as Answer;
    answers.set(a.n, a);
  };
  const lane = new HostLane(take, regionBytes);
  thread.on('message', take);
  const post = (m: unknown) => {
    thread.postMessage(m);
    lane.posted();
  };
  post({ t: 'lane', sab: lane.sab, spinMs });
  return { thread, lane, answers, post };
}

/** Plays the steps; resolves with each request's answer and what the thread should have seen. */
async function play(steps: Step[], spinMs: number, regionBytes: number) {
  const { thread, lane, answers, post } = start(spinMs, regionBytes);
  const log: string[] = [];
  const expected = new Map<number, string[]>();
  let through = 0;
  steps.forEach((step, n) => {
    if (step.kind === 'pump') {
      lane.pump(step.ms);
    } else if (step.kind === 'post') {
      post({ t: 'post', n, fail: step.fail });
      log.push(`post ${n}`);
    } else {
      const text = JSON.stringify({ n, pad: step.pad });
      if (lane.request(text)) through++;
      else post({ t: 'request', text });
      log.push(`request ${n}`);
      expected.set(n, [...log]);
    }
  });
  try {
    for (let i = 0; i < 2000 && answers.size < expected.size; i++) {
      lane.pump(1);
      await new Promise((r) => setTimeout(r, 1));
    }
  } finally {
    await thread.terminate();
  }
  return { answers, expected, through };
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Step>({ kind: 'post' }) },
  // A post whose handler failed: the thread goes back to its event loop without serving the lane,
  // so a request written meanwhile must still be served before the next post.
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'post', fail: true }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 600 }).map<Step>((pad) => ({ kind: 'request', pad })) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'pump', ms: 5 }) },
);

describe('shared-memory lane', () => {
  it('keeps the order of requests and posts, spinning or sleeping, with or without room', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(0, 0.05),
        // 1 KB regions: requests with long pads and their answers (2 bytes per é) do not fit.
        fc.constantFrom(1024, 1 << 16),
        async (steps, spinMs, regionBytes) => {
          const { answers, expected } = await play(steps, spinMs, regionBytes);
          expect([...answers.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
          for (const [n, seen] of expected) expect(answers.get(n)?.seen, `request ${n}`).toEqual(seen);
        },
      ),
      { numRuns: 12, seed: 11 },
    );
  }, 60_000);

  it('answers through shared memory when there is room, and by postMessage when there is not', async () => {
    // The first pump waits for the thread to start and answer.
    const small = await play(
      [
        { kind: 'request', pad: 10 },
        { kind: 'pump', ms: 10_000 },
        { kind: 'request', pad: 10 },
      ],
      0,
      1024,
    );
    expect(small.through).toBe(2);
    expect(small.answers.get(2)?.seen).toEqual(['request 0', 'request 2']);
    // A 700-é answer is 1,400 bytes: it comes by postMessage; the request itself still fits.
    const big = await play([{ kind: 'request', pad: 700 }, { kind: 'pump', ms: 10_000 }, { kind: 'post' }], 0, 1024);
    expect(big.through).toBe(1);
    expect(big.answers.get(0)?.pad).toHaveLength(700);
  }, 20_000);

  it('refuses a second request while one is out (the caller posts it instead)', () => {
    const lane = new HostLane(() => undefined, 1024);
    expect(lane.request('{"n":0}')).toBe(true);
    expect(lane.pending).toBe(1);
    expect(lane.request('{"n":1}')).toBe(false);
    expect(lane.request('x'.repeat(2000))).toBe(false);
  });
});
