// Property tests explore a fixed sample so every run of the suite is the same run.
// (Raise FAST_CHECK_SEED / FAST_CHECK_RUNS locally to explore further.)
import fc from 'fast-check';

fc.configureGlobal({
  seed: Number(process.env.FAST_CHECK_SEED ?? 20261120),
  ...(process.env.FAST_CHECK_RUNS ? { numRuns: Number(process.env.FAST_CHECK_RUNS) } : {}),
});

// Every test also checks the Master's incremental table reading against a whole reading: a handler
// that changes a worker or an executor without saying so fails the test that reaches it.
import { DaemonRows } from '../../src/lib/spark/daemon-rows';
DaemonRows.verify = true;
import { checkMaster } from '../../src/lib/spark/master/invariants';
checkMaster.verify = true;
