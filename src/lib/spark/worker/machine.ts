/**
 * The Worker as an XState machine. Its states are the registration lifecycle of spec §c.3:
 * Registering (Initial, Prolonged), Registered, Disconnected (Reregistering, Prolonged),
 * Reconnected (a new leader's MasterChanged accepted while not registered) and Exited.
 * Work on executors and drivers is handled the same in every live state, at the root.
 */
import { setup } from 'xstate';
import { stopOnSigterm } from '../signal';
import { messageOf, type MachineEvent } from '../machine-actor';
import type {
  ApplicationFinished,
  DriverStateChanged,
  ExecutorStateChanged,
  KillDriver,
  KillExecutor,
  LaunchDriver,
  LaunchExecutor,
  MasterChanged,
  ReconnectWorker,
  RegisteredWorker,
  RegisterWorkerFailed,
} from '../messages';
import type { WorkerContext } from './context';
import {
  failExecutors,
  onApplicationFinished,
  onExecutorProcessStarted,
  onExecutorProcessExited,
  onExecutorStateChanged,
  onKillExecutor,
  onLaunchExecutor,
  onResync,
  onSyncFailed,
  onSyncReply,
} from './executors';
import {
  onDriverProcessExited,
  onDriverProcessStarted,
  onDriverStateChanged,
  onKillDriver,
  onLaunchDriver,
} from './drivers';
import {
  isMasterAddress,
  onDecommissionSignal,
  onDecommissionWorker,
  onMasterChanged,
  onMasterDisconnected,
  onMasterInStandby,
  onReconnectWorker,
  onRegisteredWorker,
  onRegisterSendFailed,
  onRegisterWorkerFailed,
  reregisterWithMaster,
  sendHeartbeat,
  startWorker,
  willGiveUp,
  willProlong,
} from './registration';

type E = MachineEvent;
const msg = messageOf;
const timerKey = (e: E) => (e.input?.kind === 'timer' ? e.input.key : '');

/** Transitions shared by every state that is waiting for a master to take it. */
const notRegistered = {
  RegisteredWorker: { target: '#worker.Registered', actions: 'registered' },
  RegisterWorkerFailed: { target: '#worker.Exited', actions: 'registerFailed' },
  MasterInStandby: { actions: 'masterInStandby' },
  MasterChanged: { target: '#worker.Reconnected', actions: 'masterChanged' },
} as const;

/** `reregisterWithMaster` while the INITIAL timer runs: go on, switch to PROLONGED, or give up. */
const retryAtInitialInterval = [
  { guard: 'willGiveUp', target: '#worker.Exited', actions: 'reregister' },
  { guard: 'willProlong', target: 'Prolonged', actions: 'reregister' },
  { actions: 'reregister' },
] as const;

/** `reregisterWithMaster` while the PROLONGED timer runs: go on or give up. */
const retryAtProlongedInterval = [
  { guard: 'willGiveUp', target: '#worker.Exited', actions: 'reregister' },
  { actions: 'reregister' },
] as const;

export const workerMachine = setup({
  types: {
    context: {} as WorkerContext,
    events: {} as E,
    input: {} as WorkerContext,
  },
  guards: {
    willGiveUp: ({ context }) => willGiveUp(context),
    willProlong: ({ context }) => willProlong(context),
    isMaster: ({ context, event }) =>
      event.input?.kind === 'disconnected' && isMasterAddress(context, event.input.peer),
    prolongedTimer: ({ context }) => context.retryTimer === 'PROLONGED',
    initialTimer: ({ context }) => context.retryTimer === 'INITIAL',
    retryTimerRunning: ({ context }) => context.retryTimer !== null,
    isRegisterMessage: ({ event }) => event.input?.kind === 'send-failed' && event.input.msg.type === 'RegisterWorker',
    isSyncReply: ({ event }) =>
      (event.input?.kind === 'reply' || event.input?.kind === 'ask-failed') && event.input.tag.startsWith('sync-'),
  },
  actions: {
    start: ({ context, event }) => startWorker(context, event.env),
    reregister: ({ context, event }) => reregisterWithMaster(context, event.env),
    registered: ({ context, event }) => onRegisteredWorker(context, event.env, msg<RegisteredWorker>(event)),
    registerFailed: ({ context, event }) =>
      onRegisterWorkerFailed(context, event.env, msg<RegisterWorkerFailed>(event)),
    masterInStandby: ({ context, event }) => onMasterInStandby(context, event.env),
    reconnectWorker: ({ context, event }) => onReconnectWorker(context, event.env, msg<ReconnectWorker>(event)),
    masterChanged: ({ context, event }) => onMasterChanged(context, event.env, msg<MasterChanged>(event)),
    masterDisconnected: ({ context, event }) => {
      if (event.input?.kind === 'disconnected') onMasterDisconnected(context, event.env, event.input.peer);
    },
    heartbeat: ({ context, event }) => sendHeartbeat(context, event.env),
    registerSendFailed: ({ context, event }) => {
      if (event.input?.kind === 'send-failed') onRegisterSendFailed(context, event.env, event.input.to);
    },
    launchExecutor: ({ context, event }) => onLaunchExecutor(context, event.env, msg<LaunchExecutor>(event)),
    killExecutor: ({ context, event }) => onKillExecutor(context, event.env, msg<KillExecutor>(event)),
    executorProcessStarted: ({ context, event }) => onExecutorProcessStarted(context, event.env, timerKey(event)),
    executorProcessExited: ({ context, event }) => onExecutorProcessExited(context, event.env, timerKey(event)),
    executorStateChanged: ({ context, event }) =>
      onExecutorStateChanged(context, event.env, msg<ExecutorStateChanged>(event)),
    syncAnswered: ({ context, event }) => {
      const i = event.input;
      if (i?.kind === 'reply') onSyncReply(context, i.tag);
      else if (i?.kind === 'ask-failed') onSyncFailed(context, event.env, i.tag, i.reason);
    },
    resync: ({ context, event }) => onResync(context, event.env, timerKey(event)),
    applicationFinished: ({ context, event }) =>
      onApplicationFinished(context, event.env, msg<ApplicationFinished>(event)),
    launchDriver: ({ context, event }) => onLaunchDriver(context, event.env, msg<LaunchDriver>(event)),
    killDriver: ({ context, event }) => onKillDriver(context, event.env, msg<KillDriver>(event)),
    driverProcessStarted: ({ context, event }) => onDriverProcessStarted(context, event.env, timerKey(event)),
    driverProcessExited: ({ context, event }) => onDriverProcessExited(context, event.env, timerKey(event)),
    driverStateChanged: ({ context, event }) =>
      onDriverStateChanged(context, event.env, msg<DriverStateChanged>(event), context.retryTimer !== null),
    failExecutors: ({ context, event }) => failExecutors(context, event.env),
    decommission: ({ context, event }) => onDecommissionSignal(context, event.env),
    decommissionWorker: ({ context, event }) => onDecommissionWorker(context, event.env),
    stopOnSigterm: ({ event }) => stopOnSigterm(event.env, 'worker'),
  },
}).createMachine({
  id: 'worker',
  context: ({ input }) => input,
  initial: 'Starting',
  on: {
    SendHeartbeat: { actions: 'heartbeat' },
    WorkDirCleanup: {},
    SendFailed: { guard: 'isRegisterMessage', actions: 'registerSendFailed' },
    LaunchExecutor: { actions: 'launchExecutor' },
    KillExecutor: { actions: 'killExecutor' },
    ExecutorProcessStarted: { actions: 'executorProcessStarted' },
    ExecutorProcessExited: { actions: 'executorProcessExited' },
    ExecutorStateChanged: { actions: 'executorStateChanged' },
    Reply: { guard: 'isSyncReply', actions: 'syncAnswered' },
    AskFailed: { guard: 'isSyncReply', actions: 'syncAnswered' },
    ResyncExecutorState: { actions: 'resync' },
    ApplicationFinished: { actions: 'applicationFinished' },
    LaunchDriver: { actions: 'launchDriver' },
    KillDriver: { actions: 'killDriver' },
    DriverProcessStarted: { actions: 'driverProcessStarted' },
    DriverProcessExited: { actions: 'driverProcessExited' },
    DriverStateChanged: { actions: 'driverStateChanged' },
    'Command.fail-executors': { actions: 'failExecutors' },
    'Command.decommission': { actions: 'decommission' },
    DecommissionWorker: { actions: 'decommissionWorker' },
    // SIGTERM (the `stop` fault): the JVM's signal logger and shutdown hooks, then exit.
    'Command.stop': { actions: 'stopOnSigterm' },
    ReconnectWorker: [
      { guard: 'retryTimerRunning', actions: 'reconnectWorker' },
      { target: '.Registering', actions: 'reconnectWorker' },
    ],
    Disconnected: { guard: 'isMaster', target: '.Disconnected', actions: 'masterDisconnected' },
  },
  states: {
    Starting: {
      on: { Start: { target: 'Registering', actions: 'start' } },
    },
    Registering: {
      initial: 'Initial',
      on: notRegistered,
      states: {
        Initial: {
          on: {
            ReregisterWithMaster: retryAtInitialInterval,
          },
        },
        Prolonged: {
          on: {
            ReregisterWithMaster: retryAtProlongedInterval,
          },
        },
      },
    },
    Registered: {
      on: {
        RegisteredWorker: { actions: 'registered' },
        RegisterWorkerFailed: { actions: 'registerFailed' },
        MasterInStandby: { actions: 'masterInStandby' },
        MasterChanged: { actions: 'masterChanged' },
        ReregisterWithMaster: { actions: 'reregister' },
      },
    },
    Reconnected: {
      on: {
        ...notRegistered,
        MasterChanged: { actions: 'masterChanged' },
      },
    },
    Disconnected: {
      initial: 'Reregistering',
      on: notRegistered,
      states: {
        Reregistering: {
          always: { guard: 'prolongedTimer', target: 'Prolonged' },
          on: {
            ReregisterWithMaster: retryAtInitialInterval,
          },
        },
        Prolonged: {
          always: { guard: 'initialTimer', target: 'Reregistering' },
          on: {
            ReregisterWithMaster: retryAtProlongedInterval,
          },
        },
      },
    },
    Exited: { type: 'final' },
  },
});
