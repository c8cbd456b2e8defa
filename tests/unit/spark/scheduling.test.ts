/**
 * Spark's own placement cases (MasterSuite "scheduleExecutorsOnWorkers" tests, spec §e.5):
 * 3 workers × 10 cores × 512 MB, the pure call, spreadOut on and off.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executorsFor, orderWorkers, scheduleExecutorsOnWorkers } from '../../../src/lib/spark/scheduling';

const INF = 2147483647;
const workers = [0, 1, 2].map((i) => ({ id: `w${i}`, coresFree: 10, memoryFree: 512 }));

// [memory MB, coresPerExecutor, maxCores, limit, spreadOut result, no-spreadOut result]
type Row = [number, number | undefined, number | undefined, number, number[], number[]];
const table: Row[] = [
  [128, undefined, undefined, INF, [10, 10, 10], [10, 10, 10]],
  [384, undefined, undefined, INF, [10, 10, 10], [10, 10, 10]],
  [128, undefined, 8, INF, [3, 3, 2], [8, 0, 0]],
  [128, undefined, 16, INF, [6, 5, 5], [10, 6, 0]],
  [128, 2, undefined, INF, [8, 8, 8], [8, 8, 8]],
  [32, 2, undefined, INF, [10, 10, 10], [10, 10, 10]],
  [32, 3, undefined, INF, [9, 9, 9], [9, 9, 9]],
  [32, 2, 4, INF, [2, 2, 0], [4, 0, 0]],
  [32, 2, 20, INF, [8, 6, 6], [10, 10, 0]],
  [32, 3, 20, INF, [6, 6, 6], [9, 9, 0]],
  [32, undefined, undefined, 0, [0, 0, 0], [0, 0, 0]],
  [32, undefined, undefined, 2, [10, 10, 0], [10, 10, 0]],
  [32, undefined, undefined, 5, [10, 10, 10], [10, 10, 10]],
  [32, undefined, 16, 0, [0, 0, 0], [0, 0, 0]],
  [32, undefined, 16, 2, [8, 8, 0], [10, 6, 0]],
  [32, undefined, 16, 5, [6, 5, 5], [10, 6, 0]],
  [32, 4, undefined, 0, [0, 0, 0], [0, 0, 0]],
  [32, 4, undefined, 2, [4, 4, 0], [8, 0, 0]],
  [32, 4, undefined, 5, [8, 8, 4], [8, 8, 4]],
  [32, 4, 18, 0, [0, 0, 0], [0, 0, 0]],
  [32, 4, 18, 2, [4, 4, 0], [8, 0, 0]],
  [32, 4, 18, 5, [8, 4, 4], [8, 8, 0]],
];

describe('scheduleExecutorsOnWorkers (spec §e.5)', () => {
  for (const [mem, cpe, maxCores, limit, spread, packed] of table) {
    const name = `memory ${mem}, coresPerExecutor ${cpe ?? '-'}, maxCores ${maxCores ?? '-'}, limit ${limit === INF ? '∞' : limit}`;
    for (const [spreadOut, expected] of [
      [true, spread],
      [false, packed],
    ] as const) {
      it(`${name}, spreadOut=${spreadOut} → ${expected.join(',')}`, () => {
        const got = scheduleExecutorsOnWorkers(
          {
            coresLeft: maxCores ?? INF,
            coresPerExecutor: cpe,
            memoryPerExecutor: mem,
            existingExecutors: 0,
            executorLimit: limit,
            spreadOut,
          },
          workers,
        );
        expect(got).toEqual(expected);
      });
    }
  }

  it('grants cores in executor-sized chunks (SPARK-8881): 4×16 cores, max 48, 16 per executor', () => {
    const ws = [0, 1, 2, 3].map((i) => ({ id: `w${i}`, coresFree: 16, memoryFree: 4096 }));
    const got = scheduleExecutorsOnWorkers(
      {
        coresLeft: 48,
        coresPerExecutor: 16,
        memoryPerExecutor: 1024,
        existingExecutors: 0,
        executorLimit: INF,
        spreadOut: true,
      },
      ws,
    );
    expect(got).toEqual([16, 16, 16, 0]);
    expect(got.flatMap((c) => executorsFor(c, 16))).toEqual([16, 16, 16]);
  });

  it('never over-grants, never exceeds a worker, and grants in whole executor units', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ coresFree: fc.integer({ min: 0, max: 16 }), memoryFree: fc.integer({ min: 0, max: 4096 }) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.integer({ min: 1, max: 64 }),
        fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
        fc.integer({ min: 1, max: 2048 }),
        fc.boolean(),
        (ws, coresLeft, cpe, mem, spreadOut) => {
          const workersIn = ws.map((w, i) => ({ id: `w${i}`, ...w }));
          const got = scheduleExecutorsOnWorkers(
            {
              coresLeft,
              coresPerExecutor: cpe,
              memoryPerExecutor: mem,
              existingExecutors: 0,
              executorLimit: INF,
              spreadOut,
            },
            workersIn,
          );
          expect(got.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(coresLeft);
          got.forEach((c, i) => {
            expect(c).toBeLessThanOrEqual(workersIn[i].coresFree);
            if (cpe !== undefined) expect(c % cpe).toBe(0);
            const executors = cpe === undefined ? (c > 0 ? 1 : 0) : c / cpe;
            expect(executors * mem).toBeLessThanOrEqual(workersIn[i].memoryFree);
          });
        },
      ),
    );
  });
});

describe('worker selection policy', () => {
  const ws = [
    { id: 'worker-a', coresFree: 4, memoryFree: 100 },
    { id: 'worker-b', coresFree: 8, memoryFree: 50 },
    { id: 'worker-c', coresFree: 4, memoryFree: 200 },
  ];
  it('CORES_FREE_DESC breaks ties by descending id', () => {
    expect(orderWorkers(ws, 'CORES_FREE_DESC').map((w) => w.id)).toEqual(['worker-b', 'worker-c', 'worker-a']);
  });
  it('CORES_FREE_ASC, MEMORY_FREE_DESC/ASC and WORKER_ID', () => {
    expect(orderWorkers(ws, 'CORES_FREE_ASC').map((w) => w.id)).toEqual(['worker-a', 'worker-c', 'worker-b']);
    expect(orderWorkers(ws, 'MEMORY_FREE_DESC').map((w) => w.id)).toEqual(['worker-c', 'worker-a', 'worker-b']);
    expect(orderWorkers(ws, 'MEMORY_FREE_ASC').map((w) => w.id)).toEqual(['worker-b', 'worker-a', 'worker-c']);
    expect(orderWorkers(ws, 'WORKER_ID').map((w) => w.id)).toEqual(['worker-a', 'worker-b', 'worker-c']);
  });
});
