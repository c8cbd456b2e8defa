/** The Spark machines by actor kind, for views that draw them (loaded on demand by the inspector). */
import type { AnyStateMachine } from 'xstate';
import { appClientMachine } from './appclient/machine';
import { masterMachine } from './master/machine';
import { workerMachine } from './worker/machine';

export const MACHINES: Record<string, AnyStateMachine> = {
  master: masterMachine,
  worker: workerMachine,
  app: appClientMachine,
};
