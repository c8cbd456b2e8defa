/** The application client as a kernel actor kind: `app`. */
import type { ActorKind } from '../../sim/actor';
import type { Address } from '../../sim/types';
import { MachineActor } from '../machine-actor';
import { appDaemon } from './daemon';
import type { ApplicationDescription, ResourceProfile } from '../messages';
import type { AppClientContext, AppRequest } from './context';
import { appClientMachine } from './machine';

export interface AppParams {
  host: string;
  port: number;
  masters: Address[];
  desc: ApplicationDescription;
  runMs?: number;
  requests?: AppRequest[];
  /** Resource profiles beyond the default, ids 1, 2, … [3.4+]. */
  profiles?: ResourceProfile[];
  /** Use the transition cache (default true). */
  fastPath?: boolean;
  /** The Spark release whose words its log lines are in (default: 4.0.1). */
  version?: string;
}

function build(p: AppParams, persisted?: unknown): MachineActor<AppClientContext> {
  const context: AppClientContext = {
    address: `${p.host}:${p.port}`,
    masters: p.masters,
    desc: p.desc,
    appId: null,
    master: null,
    registered: false,
    alreadyDisconnected: false,
    alreadyDead: false,
    round: 0,
    executors: [],
    acks: 0,
  };
  if (p.runMs !== undefined) context.runMs = p.runMs;
  if (p.requests !== undefined) context.requests = p.requests;
  if (p.profiles !== undefined) context.profiles = p.profiles;
  return new MachineActor({
    daemon: appDaemon,
    machine: appClientMachine,
    context,
    persisted,
    fastPath: p.fastPath,
    ...(p.version === undefined ? {} : { version: p.version }),
  });
}

export const appKind: ActorKind<AppParams> = {
  create: (init) => build(init.params),
  restore: (init, snapshot) => build(init.params, snapshot),
  probe: appDaemon.probe,
};
