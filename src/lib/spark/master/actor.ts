/** The Master as a kernel actor kind: `master`. */
import { releaseOf } from '../config';
import type { ActorInit, ActorKind } from '../../sim/actor';
import type { SparkConf } from '../config';
import { MachineActor } from '../machine-actor';
import { createMasterContext, type MasterContext } from './context';
import { masterDaemon } from './daemon';
import { checkMaster } from './invariants';
import { masterMachine } from './machine';

export interface MasterParams {
  host: string;
  port: number;
  conf: SparkConf;
  /** Check the daemon's own invariants after each input (default true). */
  check?: boolean;
  /** Use the transition cache (default true). */
  fastPath?: boolean;
}

export type MasterActor = MachineActor<MasterContext>;

function build(init: ActorInit<MasterParams>, persisted?: unknown): MasterActor {
  const p = init.params;
  return new MachineActor<MasterContext>({
    daemon: masterDaemon,
    machine: masterMachine,
    context: createMasterContext(p.host, p.port, p.conf),
    version: releaseOf(p.conf.sparkVersion),
    persisted,
    recordsOwnStates: true,
    fastPath: p.fastPath,
    ...(p.check === false ? {} : { check: checkMaster }),
  });
}

export const masterKind: ActorKind<MasterParams> = {
  create: (init) => build(init),
  restore: (init, snapshot) => build(init, snapshot),
};
