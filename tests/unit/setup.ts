// Property tests explore a fixed sample so every run of the suite is the same run.
// (Raise FAST_CHECK_SEED / FAST_CHECK_RUNS locally to explore further.)
import fc from 'fast-check';

fc.configureGlobal({
  seed: Number(process.env.FAST_CHECK_SEED ?? 20261120),
  ...(process.env.FAST_CHECK_RUNS ? { numRuns: Number(process.env.FAST_CHECK_RUNS) } : {}),
});
