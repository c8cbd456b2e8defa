/** Spark's state enumerations (`deploy/master/*State.scala`, `deploy/ExecutorState.scala`, spec §c). */

export const RecoveryState = {
  STANDBY: 'STANDBY',
  ALIVE: 'ALIVE',
  RECOVERING: 'RECOVERING',
  COMPLETING_RECOVERY: 'COMPLETING_RECOVERY',
} as const;
export type RecoveryState = (typeof RecoveryState)[keyof typeof RecoveryState];

export type WorkerState = 'ALIVE' | 'DEAD' | 'DECOMMISSIONED' | 'UNKNOWN';
export type ApplicationState = 'WAITING' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED' | 'UNKNOWN';
export type DriverState =
  'SUBMITTED' | 'RUNNING' | 'FINISHED' | 'RELAUNCHING' | 'UNKNOWN' | 'KILLED' | 'FAILED' | 'ERROR';
export type ExecutorState = 'LAUNCHING' | 'RUNNING' | 'KILLED' | 'FAILED' | 'LOST' | 'EXITED' | 'DECOMMISSIONED';

/** `ExecutorState.isFinished`. DECOMMISSIONED is not finished. */
export function isExecutorFinished(s: ExecutorState): boolean {
  return s === 'KILLED' || s === 'FAILED' || s === 'LOST' || s === 'EXITED';
}

/** Terminal driver states (a driver in one of these is completed). */
export function isDriverFinished(s: DriverState): boolean {
  return s === 'FINISHED' || s === 'KILLED' || s === 'FAILED' || s === 'ERROR' || s === 'RELAUNCHING';
}
