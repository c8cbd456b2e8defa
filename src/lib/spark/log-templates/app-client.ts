/**
 * Lines of the driver side of an application: its client of the Master
 * (`deploy/client/StandaloneAppClient.scala`, logger `StandaloneAppClient$ClientEndpoint`) and the
 * scheduler backend that listens to it (`StandaloneSchedulerBackend`).
 */
import { APP_CLIENT, SCHEDULER_BACKEND, ref } from '../refs';
import { defineTemplates } from './template';

const C = 'StandaloneAppClient$ClientEndpoint';
const B = 'StandaloneSchedulerBackend';

export const APP_CLIENT_TEMPLATES = defineTemplates([
  {
    id: 'app-client.connecting',
    daemon: 'app-client',
    level: 'INFO',
    logger: C,
    text: 'Connecting to master spark://{masterHost}:{masterPort}...',
    fields: { masterHost: 'host', masterPort: 'port' },
    ref: ref(APP_CLIENT, 'tryRegisterAllMasters'),
  },
  {
    id: 'app-client.connect-failed',
    daemon: 'app-client',
    level: 'WARN',
    logger: C,
    text: 'Failed to connect to master {masterHost}:{masterPort}',
    fields: { masterHost: 'host', masterPort: 'port' },
    ref: ref(APP_CLIENT, 'tryRegisterAllMasters'),
  },
  {
    id: 'app-client.executor-added',
    daemon: 'app-client',
    level: 'INFO',
    logger: C,
    text: 'Executor added: {appId}/{execId} on {workerId} ({hostPort}) with {cores} core(s)',
    fields: { appId: 'word', execId: 'int', workerId: 'word', hostPort: 'word', cores: 'int' },
    ref: ref(APP_CLIENT, 'receive', 'ExecutorAdded'),
  },
  {
    id: 'app-client.executor-updated',
    daemon: 'app-client',
    level: 'INFO',
    logger: C,
    text: 'Executor updated: {appId}/{execId} is now {state}[? ({message})]',
    fields: { appId: 'word', execId: 'int', state: 'state', message: 'text' },
    ref: ref(APP_CLIENT, 'receive', 'ExecutorUpdated'),
  },
  {
    id: 'app-client.worker-removed',
    daemon: 'app-client',
    level: 'INFO',
    logger: C,
    text: 'Master removed worker {workerId}: {message}',
    fields: { workerId: 'word', message: 'text' },
    ref: ref(APP_CLIENT, 'receive', 'WorkerRemoved'),
  },
  {
    id: 'app-client.master-changed',
    daemon: 'app-client',
    level: 'INFO',
    logger: C,
    text: 'Master has changed, new master is at spark://{masterHost}:{masterPort}',
    fields: { masterHost: 'host', masterPort: 'port' },
    ref: ref(APP_CLIENT, 'receive', 'MasterChanged'),
  },
  {
    id: 'app-client.master-disconnected',
    daemon: 'app-client',
    level: 'WARN',
    logger: C,
    text: 'Connection to {address} failed; waiting for master to reconnect...',
    fields: { address: 'word' },
    ref: ref(APP_CLIENT, 'onDisconnected'),
  },
  {
    id: 'app-client.could-not-connect',
    daemon: 'app-client',
    level: 'WARN',
    logger: C,
    text: 'Could not connect to {address}: {cause}',
    fields: { address: 'word', cause: 'text' },
    ref: ref(APP_CLIENT, 'onNetworkError'),
  },
  {
    id: 'app-client.dropped-message',
    daemon: 'app-client',
    level: 'WARN',
    logger: C,
    text: 'Drop {message} because has not yet connected to master',
    fields: { message: 'text' },
    ref: ref(APP_CLIENT, 'sendToMaster'),
  },
  {
    id: 'app-client.connected',
    daemon: 'app-client',
    level: 'INFO',
    logger: B,
    text: 'Connected to Spark cluster with app ID {appId}',
    fields: { appId: 'word' },
    ref: ref(SCHEDULER_BACKEND, 'connected'),
  },
  {
    id: 'app-client.disconnected',
    daemon: 'app-client',
    level: 'WARN',
    logger: B,
    text: 'Disconnected from Spark cluster! Waiting for reconnection...',
    fields: {},
    ref: ref(SCHEDULER_BACKEND, 'disconnected'),
  },
  {
    id: 'app-client.killed',
    daemon: 'app-client',
    level: 'ERROR',
    logger: B,
    text: 'Application has been killed. Reason: {reason}',
    fields: { reason: 'text' },
    ref: ref(SCHEDULER_BACKEND, 'dead'),
  },
  {
    id: 'app-client.executor-granted',
    daemon: 'app-client',
    level: 'INFO',
    logger: B,
    text: 'Granted executor ID {appId}/{execId} on hostPort {hostPort} with {cores} core(s), {memory} RAM',
    fields: { appId: 'word', execId: 'int', hostPort: 'word', cores: 'int', memory: 'ram' },
    ref: ref(SCHEDULER_BACKEND, 'executorAdded'),
  },
  {
    id: 'app-client.executor-removed',
    daemon: 'app-client',
    level: 'INFO',
    logger: B,
    text: 'Executor {appId}/{execId} removed: {message}',
    fields: { appId: 'word', execId: 'int', message: 'text' },
    ref: ref(SCHEDULER_BACKEND, 'executorRemoved'),
  },
]);
