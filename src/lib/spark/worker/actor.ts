/** The Worker as a kernel actor kind: `worker`. */
import { releaseOf } from '../config';
import type { ActorKind } from '../../sim/actor';
import { MachineActor } from '../machine-actor';
import { createWorkerContext, type WorkerContext, type WorkerParams } from './context';
import { workerDaemon } from './daemon';
import { checkWorker } from './invariants';
import { workerMachine } from './machine';

export type { WorkerParams };

export type WorkerActor = MachineActor<WorkerContext>;

export const workerKind: ActorKind<WorkerParams> = {
  create: (init) => build(init.params),
  restore: (init, snapshot) => build(init.params, snapshot),
};

function build(p: WorkerParams, persisted?: unknown): WorkerActor {
  return new MachineActor<WorkerContext>({
    daemon: workerDaemon,
    machine: workerMachine,
    context: createWorkerContext(p),
    version: releaseOf(p.conf.sparkVersion),
    persisted,
    fastPath: p.fastPath,
    ...(p.check === false ? {} : { check: checkWorker }),
  });
}
