/**
 * Real Spark logs replayed: the cluster they show and their lines as a trace that the world model
 * reads like a simulation's. Pure, for Node, the page and Web Workers.
 */
export { clusterOfLog, addressOfWorkerId, type LogCluster } from './cluster';
export { traceOfLog, LOG_KNOWS, type LogTrace } from './trace';
export { replayLogs, replayOfLog, NotALog, type LogReplay, type FileSummary, type UnrecognizedSummary } from './replay';
export { scenarioOfReplay, type InferredScenario, type Assumption } from './scenario';
export { compareWithModel, compared, MAX_DIFFERENCES, type Difference } from './compare';
export { runInferred, MAX_COMPARED_NODES, type Refusal, type ModelRun } from './model-run';
export { differenceText, assumptionText, unrecognizedText } from './explain';
