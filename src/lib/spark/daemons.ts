/** Every kind of Spark daemon's descriptor (`daemon.ts`), by the kind name node specs use. */
import { appDaemon } from './appclient/daemon';
import type { AnyDaemon } from './daemon';
import { masterDaemon } from './master/daemon';
import { submitDaemon } from './submit/daemon';
import { workerDaemon } from './worker/daemon';
import { zookeeperDaemon } from './zookeeper/daemon';

export const DAEMONS: readonly AnyDaemon[] = [masterDaemon, zookeeperDaemon, appDaemon, submitDaemon, workerDaemon];

const byKind = new Map(DAEMONS.map((d) => [d.kind, d]));

/** The descriptor of a kind (undefined for a kind that is not Spark's, e.g. a test's). */
export function daemonOf(kind: string): AnyDaemon | undefined {
  return byKind.get(kind);
}
