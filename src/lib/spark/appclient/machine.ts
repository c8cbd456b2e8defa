/**
 * The driver-side application client (`StandaloneAppClient`) as an XState machine:
 * Registering → Registered → Stopped, or Dead when the masters never answer or remove the app.
 */
import { setup } from 'xstate';
import { messageOf, type MachineEvent } from '../machine-actor';
import type {
  ApplicationRemoved,
  ExecutorAdded,
  ExecutorUpdated,
  MasterChanged,
  RegisteredApplication,
  WorkerRemoved,
} from '../messages';
import type { AppClientContext } from './context';
import {
  askMasterForExecutors,
  onApplicationRemoved,
  onDisconnected,
  onExecutorAdded,
  onExecutorUpdated,
  onMasterChanged,
  onRegisteredApplication,
  onWorkerRemoved,
  registrationRetry,
  startClient,
  stopAppClient,
  willGiveUp,
} from './handlers';

type E = MachineEvent;
const msg = messageOf;

export const appClientMachine = setup({
  types: { context: {} as AppClientContext, events: {} as E, input: {} as AppClientContext },
  guards: { willGiveUp: ({ context }) => willGiveUp(context) },
  actions: {
    start: ({ context, event }) => startClient(context, event.env),
    retry: ({ context, event }) => registrationRetry(context, event.env),
    registered: ({ context, event }) => onRegisteredApplication(context, event.env, msg<RegisteredApplication>(event)),
    executorAdded: ({ context, event }) => onExecutorAdded(context, event.env, msg<ExecutorAdded>(event)),
    executorUpdated: ({ context, event }) => onExecutorUpdated(context, event.env, msg<ExecutorUpdated>(event)),
    workerRemoved: ({ context, event }) => onWorkerRemoved(context, event.env, msg<WorkerRemoved>(event)),
    applicationRemoved: ({ context, event }) =>
      onApplicationRemoved(context, event.env, msg<ApplicationRemoved>(event)),
    masterChanged: ({ context, event }) => onMasterChanged(context, event.env, msg<MasterChanged>(event)),
    disconnected: ({ context, event }) => {
      if (event.input?.kind === 'disconnected') onDisconnected(context, event.env, event.input.peer);
    },
    stop: ({ context, event }) => stopAppClient(context, event.env),
    askMasterForExecutors: ({ context, event }) => {
      if (event.input?.kind === 'timer') askMasterForExecutors(context, event.env, event.input.key);
    },
  },
}).createMachine({
  id: 'appClient',
  context: ({ input }) => input,
  initial: 'Starting',
  on: {
    ExecutorAdded: { actions: 'executorAdded' },
    ExecutorUpdated: { actions: 'executorUpdated' },
    WorkerRemoved: { actions: 'workerRemoved' },
    MasterChanged: { actions: 'masterChanged' },
    Disconnected: { actions: 'disconnected' },
    ApplicationRemoved: { target: '.Dead', actions: 'applicationRemoved' },
    // Dynamic allocation's asks (a scenario app's `requests`).
    RequestExecutors: { actions: 'askMasterForExecutors' },
    KillExecutors: { actions: 'askMasterForExecutors' },
  },
  states: {
    Starting: { on: { Start: { target: 'Registering', actions: 'start' } } },
    Registering: {
      on: {
        RegisteredApplication: { target: 'Registered', actions: 'registered' },
        RegistrationRetry: [{ guard: 'willGiveUp', target: 'Dead', actions: 'retry' }, { actions: 'retry' }],
      },
    },
    Registered: {
      on: {
        // Late answers from other masters of the first round change nothing.
        RegisteredApplication: {},
        RegistrationRetry: { actions: 'retry' },
        StopAppClient: { target: 'Stopped', actions: 'stop' },
      },
    },
    Stopped: { type: 'final' },
    Dead: { type: 'final' },
  },
});
