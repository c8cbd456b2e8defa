/**
 * The Master as an XState machine. Its top-level states are Spark's `RecoveryState` (spec §c.1)
 * plus `exited` for a master whose leadership was revoked. Handlers live beside this file, one
 * concern each; this file only says which message is handled how in which state.
 */
import { atLeast } from '../config';
import { stopOnSigterm } from '../signal';
import { setup } from 'xstate';
import { messageOf, type MachineEvent } from '../machine-actor';
import type {
  DriverStateChanged,
  ExecutorStateChanged,
  Heartbeat,
  KillExecutors,
  MasterChangeAcknowledged,
  RegisterApplication,
  RegisterWorker,
  RequestDriverStatus,
  RequestExecutors,
  RequestKillDriver,
  RequestSubmitDriver,
  UnregisterApplication,
  WorkerDecommissioning,
  DecommissionWorkers,
  DecommissionWorkersOnHosts,
  WorkerLatestState,
  WorkerSchedulerStateResponse,
  ZkLatchState,
} from '../messages';
import { MASTER, ref } from '../refs';
import { RecoveryState } from '../states';
import {
  handleExecutorStateChanged,
  handleKillExecutors,
  handleRegisterApplication,
  handleRequestExecutors,
  handleUnregisterApplication,
} from './apps';
import type { MasterContext } from './context';
import {
  handleDriverStateChanged,
  handleRequestDriverStatus,
  handleRequestKillAllDrivers,
  handleRequestKillDriver,
  handleRequestSubmitDriver,
} from './drivers';
import { handleRequestClearCompleted, handleRequestMasterState, handleRequestReadyz } from './status';
import { onLatchState, onZooKeeperLost, pingZooKeeper, reconnectZooKeeper, zooKeeperTimedOut } from './leader';
import {
  armRecoveryTimer,
  canCompleteRecovery,
  completeRecoveryCull,
  completeRecoveryResume,
  electedAlive,
  electedRecovering,
  handleDisconnected,
  handleMasterChangeAcknowledged,
  handleWorkerSchedulerStateResponse,
  isNothingPersisted,
  revokedLeadership,
} from './recovery';
import { startMaster } from './startup';
import {
  handleDecommissionWorkers,
  handleDecommissionWorkersOnHosts,
  handleHeartbeat,
  handleRegisterWorker,
  handleWorkerDecommissioning,
  handleWorkerLatestState,
  registerWorkerInStandby,
  timeOutDeadWorkers,
} from './workers';

type E = MachineEvent;
const msg = messageOf;

export const masterMachine = setup({
  types: {
    context: {} as MasterContext,
    events: {} as E,
    input: {} as MasterContext,
  },
  guards: {
    nothingPersisted: ({ context }) => context.conf.recoveryMode === 'NONE' || isNothingPersisted(context.persisted),
    canCompleteRecovery: ({ context }) => canCompleteRecovery(context),
    // Completing at once when nothing is left to wait for is 4.0's (SPARK-46664); 3.x always waits.
    canCompleteAtOnce: ({ context }) => atLeast(context.conf.sparkVersion, '4.0') && canCompleteRecovery(context),
    isZooKeeperPing: ({ event }) => event.input?.kind === 'ask-failed' && event.input.tag === 'zk-ping',
    isZooKeeperPong: ({ event }) => event.input?.kind === 'reply' && event.input.tag === 'zk-ping',
    isZooKeeperPeer: ({ context, event }) =>
      (event.input?.kind === 'disconnected' && event.input.peer === context.conf.zookeeperUrl) ||
      (event.input?.kind === 'send-failed' && event.input.to === context.conf.zookeeperUrl),
  },
  actions: {
    setState: ({ context, event }, params: { state: RecoveryState }) => {
      if (context.state !== params.state && event.env) event.env.io.state('Master', context.state, params.state);
      context.state = params.state;
    },
    startUp: ({ context, event }) => startMaster(context, event.env, event.input),
    registerWorkerInStandby: ({ context, event }) =>
      registerWorkerInStandby(context, event.env, msg<RegisterWorker>(event)),
    registerWorker: ({ context, event }) => handleRegisterWorker(context, event.env, msg<RegisterWorker>(event)),
    ignoreRegisterApplication: ({ event }) => event.env.io.handler(ref(MASTER, 'receive', 'RegisterApplication')),
    registerApplication: ({ context, event }) =>
      handleRegisterApplication(context, event.env, msg<RegisterApplication>(event)),
    unregisterApplication: ({ context, event }) =>
      handleUnregisterApplication(context, event.env, msg<UnregisterApplication>(event)),
    heartbeat: ({ context, event }) => handleHeartbeat(context, event.env, msg<Heartbeat>(event)),
    timeOutDeadWorkers: ({ context, event }) => timeOutDeadWorkers(context, event.env),
    decommissionWorkersOnHosts: ({ context, event }) =>
      handleDecommissionWorkersOnHosts(context, event.env, msg<DecommissionWorkersOnHosts>(event)),
    decommissionWorkers: ({ context, event }) =>
      handleDecommissionWorkers(context, event.env, msg<DecommissionWorkers>(event)),
    workerDecommissioning: ({ context, event }) =>
      handleWorkerDecommissioning(context, event.env, msg<WorkerDecommissioning>(event)),
    workerLatestState: ({ context, event }) =>
      handleWorkerLatestState(context, event.env, msg<WorkerLatestState>(event)),
    executorStateChanged: ({ context, event }) =>
      handleExecutorStateChanged(context, event.env, msg<ExecutorStateChanged>(event)),
    driverStateChanged: ({ context, event }) =>
      handleDriverStateChanged(context, event.env, msg<DriverStateChanged>(event)),
    requestSubmitDriver: ({ context, event }) =>
      handleRequestSubmitDriver(context, event.env, msg<RequestSubmitDriver>(event)),
    requestKillDriver: ({ context, event }) =>
      handleRequestKillDriver(context, event.env, msg<RequestKillDriver>(event)),
    requestKillAllDrivers: ({ context, event }) => handleRequestKillAllDrivers(context, event.env),
    requestDriverStatus: ({ context, event }) =>
      handleRequestDriverStatus(context, event.env, msg<RequestDriverStatus>(event)),
    requestMasterState: ({ context, event }) => handleRequestMasterState(context, event.env),
    requestReadyz: ({ context, event }) => handleRequestReadyz(context, event.env),
    requestClearCompleted: ({ context, event }) => handleRequestClearCompleted(context, event.env),
    requestExecutors: ({ context, event }) => handleRequestExecutors(context, event.env, msg<RequestExecutors>(event)),
    killExecutors: ({ context, event }) => handleKillExecutors(context, event.env, msg<KillExecutors>(event)),
    masterChangeAcknowledged: ({ context, event }) =>
      handleMasterChangeAcknowledged(context, event.env, msg<MasterChangeAcknowledged>(event)),
    workerSchedulerStateResponse: ({ context, event }) =>
      handleWorkerSchedulerStateResponse(context, event.env, msg<WorkerSchedulerStateResponse>(event)),
    disconnected: ({ context, event }) => {
      if (event.input?.kind === 'disconnected') handleDisconnected(context, event.env, event.input.peer);
    },
    electedAlive: ({ context, event }) => electedAlive(context, event.env),
    electedRecovering: ({ context, event }) => electedRecovering(context, event.env),
    armRecoveryTimer: ({ context, event }) => armRecoveryTimer(context, event.env),
    completeRecoveryCull: ({ context, event }) => completeRecoveryCull(context, event.env),
    completeRecoveryResume: ({ context, event }) => completeRecoveryResume(context, event.env),
    revokedLeadership: ({ context, event }) => revokedLeadership(context, event.env),
    latchState: ({ context, event }) => {
      const m = msg<ZkLatchState>(event);
      onLatchState(context, event.env, m.leader, m.attempt, m.persisted);
    },
    pingZooKeeper: ({ context, event }) => pingZooKeeper(context, event.env),
    zooKeeperLost: ({ context, event }) => onZooKeeperLost(context, event.env),
    zooKeeperPong: ({ context, event }) => void zooKeeperTimedOut(context, event.env),
    reconnectZooKeeper: ({ context, event }) => reconnectZooKeeper(context, event.env),
    stopOnSigterm: ({ event }) => stopOnSigterm(event.env, 'master'),
  },
}).createMachine({
  id: 'master',
  context: ({ input }) => input,
  initial: RecoveryState.STANDBY,
  on: {
    // Handled the same way in every state (spec §c.1, per-state behaviour table).
    Start: { actions: 'startUp' },
    RegisterWorker: { actions: 'registerWorker' },
    RegisterApplication: { actions: 'registerApplication' },
    UnregisterApplication: { actions: 'unregisterApplication' },
    Heartbeat: { actions: 'heartbeat' },
    CheckForWorkerTimeOut: { actions: 'timeOutDeadWorkers' },
    WorkerLatestState: { actions: 'workerLatestState' },
    WorkerDecommissioning: { actions: 'workerDecommissioning' },
    DecommissionWorkersOnHosts: { actions: 'decommissionWorkersOnHosts' },
    DecommissionWorkers: { actions: 'decommissionWorkers' },
    ExecutorStateChanged: { actions: 'executorStateChanged' },
    DriverStateChanged: { actions: 'driverStateChanged' },
    RequestSubmitDriver: { actions: 'requestSubmitDriver' },
    RequestKillDriver: { actions: 'requestKillDriver' },
    RequestKillAllDrivers: { actions: 'requestKillAllDrivers' },
    RequestDriverStatus: { actions: 'requestDriverStatus' },
    RequestMasterState: { actions: 'requestMasterState' },
    RequestReadyz: { actions: 'requestReadyz' },
    RequestClearCompletedDriversAndApps: { actions: 'requestClearCompleted' },
    RequestExecutors: { actions: 'requestExecutors' },
    KillExecutors: { actions: 'killExecutors' },
    MasterChangeAcknowledged: { actions: 'masterChangeAcknowledged' },
    WorkerSchedulerStateResponse: { actions: 'workerSchedulerStateResponse' },
    Disconnected: [{ guard: 'isZooKeeperPeer', actions: 'zooKeeperLost' }, { actions: 'disconnected' }],
    SendFailed: { guard: 'isZooKeeperPeer', actions: 'zooKeeperLost' },
    AskFailed: { guard: 'isZooKeeperPing', actions: 'zooKeeperLost' },
    ZkLatchState: { actions: 'latchState' },
    ZkPing: { actions: 'pingZooKeeper' },
    Reply: { guard: 'isZooKeeperPong', actions: 'zooKeeperPong' },
    ZkReconnect: { actions: 'reconnectZooKeeper' },
    RevokedLeadership: { target: '.exited' },
    // SIGTERM (the `stop` fault): the JVM's signal logger and shutdown hooks, then exit.
    'Command.stop': { actions: 'stopOnSigterm' },
  },
  states: {
    [RecoveryState.STANDBY]: {
      entry: { type: 'setState', params: { state: RecoveryState.STANDBY } },
      on: {
        RegisterWorker: { actions: 'registerWorkerInStandby' },
        RegisterApplication: { actions: 'ignoreRegisterApplication' },
        ElectedLeader: [
          { guard: 'nothingPersisted', target: RecoveryState.ALIVE, actions: 'electedAlive' },
          { target: RecoveryState.RECOVERING, actions: 'electedRecovering' },
        ],
      },
    },
    [RecoveryState.RECOVERING]: {
      entry: { type: 'setState', params: { state: RecoveryState.RECOVERING } },
      initial: 'begin',
      states: {
        // Right after beginRecovery: nothing to wait for completes at once [4.0, SPARK-46664].
        begin: {
          always: [
            { guard: 'canCompleteAtOnce', target: `#master.${RecoveryState.COMPLETING_RECOVERY}` },
            { target: 'waiting', actions: 'armRecoveryTimer' },
          ],
        },
        waiting: {
          on: {
            MasterChangeAcknowledged: { target: 'checking', actions: 'masterChangeAcknowledged' },
            WorkerSchedulerStateResponse: { target: 'checking', actions: 'workerSchedulerStateResponse' },
            Disconnected: [
              { guard: 'isZooKeeperPeer', actions: 'zooKeeperLost' },
              { target: 'checking', actions: 'disconnected' },
            ],
            CompleteRecovery: { target: `#master.${RecoveryState.COMPLETING_RECOVERY}` },
          },
        },
        // After each answer or disconnection: done when no UNKNOWN worker or app is left.
        checking: {
          always: [
            { guard: 'canCompleteRecovery', target: `#master.${RecoveryState.COMPLETING_RECOVERY}` },
            { target: 'waiting' },
          ],
        },
      },
    },
    // Lasts one message: non-responders are culled while schedule() is still a no-op.
    [RecoveryState.COMPLETING_RECOVERY]: {
      entry: [{ type: 'setState', params: { state: RecoveryState.COMPLETING_RECOVERY } }, 'completeRecoveryCull'],
      always: {
        target: RecoveryState.ALIVE,
        actions: [{ type: 'setState', params: { state: RecoveryState.ALIVE } }, 'completeRecoveryResume'],
      },
    },
    [RecoveryState.ALIVE]: {
      entry: { type: 'setState', params: { state: RecoveryState.ALIVE } },
    },
    exited: {
      type: 'final',
      entry: 'revokedLeadership',
    },
  },
});
