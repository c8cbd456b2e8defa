/**
 * Where in Spark each modelled handler lives. The UI links a `SourceRef` to Spark's source at the
 * pinned release tag below. Paths are under `core/src/main/scala/org/apache/spark/`, or from the
 * repository root when they start with `/`.
 */
import type { SourceRef } from '../sim/types';
import { atLeast } from './config';

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
export const MASTER_WEB_UI = 'deploy/master/ui/MasterWebUI.scala';
export const REST_SERVER = 'deploy/rest/RestSubmissionServer.scala';
/** The REST server's Standalone servlets (`/v1/submissions/readyz`, `/clear`, `/killall`) [4.0]. */
export const STANDALONE_REST_SERVER = 'deploy/rest/StandaloneRestServer.scala';
export const RECOVERY_MODE_FACTORY = 'deploy/master/RecoveryModeFactory.scala';
export const SCHEDULER_BACKEND = 'scheduler/cluster/StandaloneSchedulerBackend.scala';
export const UTILS = 'util/Utils.scala';
export const SIGNAL_UTILS = 'util/SignalUtils.scala';
export const SHUTDOWN_HOOK_MANAGER = 'util/ShutdownHookManager.scala';
export const FILE_APPENDER = 'util/logging/FileAppender.scala';
export const WEB_UI = 'ui/WebUI.scala';
export const JETTY_UTILS = 'ui/JettyUtils.scala';
export const SECURITY_MANAGER = 'SecurityManager.scala';
export const RESOURCE_UTILS = 'resource/ResourceUtils.scala';
export const NETTY_RPC_ENV = 'rpc/netty/NettyRpcEnv.scala';
export const RPC_OUTBOX = 'rpc/netty/Outbox.scala';
export const RPC_INBOX = 'rpc/netty/Inbox.scala';
/** Outside `core` (a path from the repository root starts with `/`). */
export const TRANSPORT_CLIENT_FACTORY =
  '/common/network-common/src/main/java/org/apache/spark/network/client/TransportClientFactory.java';
export const TRANSPORT_CHANNEL_HANDLER =
  '/common/network-common/src/main/java/org/apache/spark/network/server/TransportChannelHandler.java';

/** One string per handler (a map key). */
export function refKey(r: SourceRef): string {
  return `${r.file}\u0000${r.method}\u0000${r.case ?? ''}`;
}

/** The handler as Spark's code names it: `receive · case Heartbeat`. */
export function refName(r: SourceRef): string {
  return r.case ? `${r.method} · case ${r.case}` : r.method;
}

export function ref(file: string, method: string, caseName?: string): SourceRef {
  return caseName === undefined ? { file, method } : { file, method, case: caseName };
}

/**
 * Where a file was before a release (renamed or moved), or that it did not exist yet: a link for
 * an older release then points at the file's old path, or at the pinned tag.
 */
const HISTORY: Readonly<Record<string, { before: string; path: string | null }>> = {
  [APP_CLIENT]: { before: '2.0', path: 'deploy/client/AppClient.scala' },
  [SCHEDULER_BACKEND]: { before: '2.0', path: 'scheduler/cluster/SparkDeploySchedulerBackend.scala' },
  [SIGNAL_UTILS]: { before: '2.0', path: 'util/SignalLogger.scala' },
  [TRANSPORT_CLIENT_FACTORY]: {
    before: '2.0',
    path: '/network/common/src/main/java/org/apache/spark/network/client/TransportClientFactory.java',
  },
  [TRANSPORT_CHANNEL_HANDLER]: {
    before: '2.0',
    path: '/network/common/src/main/java/org/apache/spark/network/server/TransportChannelHandler.java',
  },
  [RESOURCE_UTILS]: { before: '3.0', path: null },
};

const RELEASE = /^(\d+)\.(\d+)\.\d+(?:-[\w.]+)?$/;

/** The tag a link for `release` (`2.4.8`; a trace's Spark version) points at, and the file's path there. */
export function sourceAt(r: SourceRef, release?: string): { tag: string; path: string } {
  const m = release ? RELEASE.exec(release) : null;
  let file = r.file;
  let tag = SPARK_TAG;
  if (m) {
    tag = `v${release}`;
    const h = HISTORY[r.file];
    if (h && !atLeast(`${m[1]}.${m[2]}`, h.before)) {
      if (h.path === null) tag = SPARK_TAG;
      else file = h.path;
    }
  }
  return { tag, path: file.startsWith('/') ? file.slice(1) : `${BASE}${file}` };
}

/** Link to the file on GitHub at the release's tag (default: the pinned one); the method is named beside it. */
export function sourceUrl(r: SourceRef, release?: string): string {
  const { tag, path } = sourceAt(r, release);
  return `https://github.com/apache/spark/blob/${tag}/${path}`;
}
