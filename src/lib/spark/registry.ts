/** Every actor kind of the Spark model, by the name node specs use. */
import type { ActorRegistry } from '../sim/actor';
import { appKind } from './appclient/actor';
import { masterKind } from './master/actor';
import { submitKind } from './submit/client';
import { workerKind } from './worker/actor';
import { zookeeperKind } from './zookeeper/server';

export const sparkRegistry: ActorRegistry = {
  master: masterKind,
  worker: workerKind,
  app: appKind,
  zookeeper: zookeeperKind,
  submit: submitKind,
} as unknown as ActorRegistry;
