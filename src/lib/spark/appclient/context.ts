/** The driver-side application client's state (spec §a.3, `StandaloneAppClient`). */
import type { Address } from '../../sim/types';
import type { ApplicationDescription, ResourceProfile } from '../messages';

/** AppClient: REGISTRATION_TIMEOUT_SECONDS and REGISTRATION_RETRIES. */
export const REGISTRATION_TIMEOUT_MS = 20_000;
/** `spark.rpc.askTimeout`'s default, for the driver's asks to its master. */
export const ASK_TIMEOUT_MS = 120_000;
export const REGISTRATION_RETRIES = 3;

/** What the app's driver asks its master at a time (dynamic allocation), from its scenario. */
export type AppRequest =
  | { at: number; type: 'RequestExecutors'; total: number; profile?: number }
  | { at: number; type: 'KillExecutors'; executors: number[] };

export interface AppClientContext {
  address: Address;
  masters: Address[];
  desc: ApplicationDescription;
  /** How long the application runs once registered (undefined: until stopped). */
  runMs?: number;
  appId: string | null;
  master: Address | null;
  registered: boolean;
  alreadyDisconnected: boolean;
  alreadyDead: boolean;
  /** Registration rounds so far (0 = the first). */
  round: number;
  executors: { id: number; workerId: string; hostPort: string; cores: number; state: string }[];
  acks: number;
  requests?: AppRequest[];
  /** The app's resource profiles beyond the default (ids 1, 2, …) [3.4+]. */
  profiles?: ResourceProfile[];
  /** The total last asked for of each profile, by id: every request sends them all, as the driver does. */
  targets?: Record<number, number>;
}
