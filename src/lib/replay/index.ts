/**
 * Real Spark logs replayed: the cluster they show and their lines as a trace that the world model
 * reads like a simulation's. Pure, for Node, the page and Web Workers.
 */
export { clusterOfLog, addressOfWorkerId, type LogCluster } from './cluster';
export { traceOfLog, LOG_KNOWS, type LogTrace } from './trace';
export {
  replayLogs,
  unrecognizedText,
  NotALog,
  type LogReplay,
  type FileSummary,
  type UnrecognizedSummary,
} from './replay';
