/** The Worker as a kernel actor kind: `worker`. */
import type { ActorKind } from '../../sim/actor';
import type { Address } from '../../sim/types';
import type { SparkConf } from '../config';
import { MachineActor } from '../machine-actor';
import { createWorkerContext, type WorkerContext } from './context';
import { checkWorker } from './invariants';
import { workerMachine } from './machine';

export interface WorkerParams {
  host: string;
  port: number;
  cores: number;
  memory: number;
  masters: Address[];
  conf: SparkConf;
  failExecutors: boolean;
  /** Check the daemon's own invariants after each input (default true). */
  check?: boolean;
}

export type WorkerActor = MachineActor<WorkerContext>;

export const workerKind: ActorKind<WorkerParams> = {
  create: (init) => build(init.params),
  restore: (init, snapshot) => build(init.params, snapshot),
};

function build(p: WorkerParams, persisted?: unknown): WorkerActor {
  return new MachineActor<WorkerContext>({
    name: 'Worker',
    machine: workerMachine,
    context: createWorkerContext({ ...p, workerId: '', fuzz: 1 }),
    persisted,
    ...(p.check === false ? {} : { check: checkWorker }),
  });
}
