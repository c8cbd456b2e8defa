/**
 * Where in Spark each modelled handler lives. The UI links a `SourceRef` to Spark's source at the
 * pinned release tag below.
 */
import type { SourceRef } from '../sim/types';

export const SPARK_TAG = 'v4.0.1';
const BASE = 'core/src/main/scala/org/apache/spark/';

export const MASTER = 'deploy/master/Master.scala';
export const WORKER = 'deploy/worker/Worker.scala';
export const APP_CLIENT = 'deploy/client/StandaloneAppClient.scala';
export const EXECUTOR_RUNNER = 'deploy/worker/ExecutorRunner.scala';
export const DRIVER_RUNNER = 'deploy/worker/DriverRunner.scala';
export const ZK_AGENT = 'deploy/master/ZooKeeperLeaderElectionAgent.scala';
export const LEADER_AGENT = 'deploy/master/LeaderElectionAgent.scala';
export const PERSISTENCE = 'deploy/master/PersistenceEngine.scala';
export const FS_PERSISTENCE = 'deploy/master/FileSystemPersistenceEngine.scala';
export const ZK_PERSISTENCE = 'deploy/master/ZooKeeperPersistenceEngine.scala';
export const SUBMIT_CLIENT = 'deploy/Client.scala';

export function ref(file: string, method: string, caseName?: string): SourceRef {
  return caseName === undefined ? { file, method } : { file, method, case: caseName };
}

/** Link to the file on GitHub at the pinned tag (the method is named in the fragment text). */
export function sourceUrl(r: SourceRef): string {
  return `https://github.com/apache/spark/blob/${SPARK_TAG}/${BASE}${r.file}`;
}
