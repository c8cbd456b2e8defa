/**
 * Every actor kind of the Spark model (the daemons themselves, with their machines), by the kind
 * name of its descriptor. Only hosts load this: the page's main thread reads the descriptors.
 */
import type { ActorRegistry } from '../sim/actor';
import { appKind } from './appclient/actor';
import { appDaemon } from './appclient/daemon';
import { masterKind } from './master/actor';
import { masterDaemon } from './master/daemon';
import { submitKind } from './submit/client';
import { submitDaemon } from './submit/daemon';
import { workerKind } from './worker/actor';
import { workerDaemon } from './worker/daemon';
import { zookeeperKind } from './zookeeper/server';
import { zookeeperDaemon } from './zookeeper/daemon';

export const sparkRegistry: ActorRegistry = {
  [masterDaemon.kind]: masterKind,
  [workerDaemon.kind]: workerKind,
  [appDaemon.kind]: appKind,
  [zookeeperDaemon.kind]: zookeeperKind,
  [submitDaemon.kind]: submitKind,
} as unknown as ActorRegistry;
