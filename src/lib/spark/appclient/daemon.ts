/**
 * The application client (an app's driver, `StandaloneAppClient`), as the rest of the product sees
 * it (`DaemonDescriptor`): a box in the side column, its machine, the master it follows and the
 * executors the master told it about.
 */
import { daemon, table } from '../daemon';
import type { AppParams } from './actor';
import type { AppClientContext } from './context';

const executors = table<AppClientContext, { appId: string | null; e: AppClientContext['executors'][number] }>({
  key: 'executors',
  rows: function* (c) {
    for (const e of c.executors) yield { appId: c.appId, e };
  },
  id: (r) => String(r.e.id),
  cols: [
    { key: 'id', get: (r) => `${r.appId ?? '?'}/${r.e.id}` },
    { key: 'worker', get: (r) => r.e.workerId },
    { key: 'hostPort', get: (r) => r.e.hostPort, format: 'address' },
    { key: 'cores', get: (r) => r.e.cores },
    { key: 'state', get: (r) => r.e.state },
  ],
});

export const appDaemon = daemon<AppClientContext, AppParams>({
  kind: 'app',
  label: 'daemon_app',
  machine: 'AppClient',
  draw: { place: 'side', shape: 'box', order: 0 },
  lane: 1,
  facts: (p) => ({ host: p.host, port: p.port, name: p.desc.name, memoryPerExecutor: p.desc.memoryPerExecutorMB }),
  status: [
    { key: 'appId', get: (c) => c.appId },
    { key: 'name', get: (c) => c.desc.name },
    { key: 'master', get: (c) => c.master, format: 'address' },
    { key: 'registered', get: (c) => c.registered },
    { key: 'round', get: (c) => c.round },
    { key: 'dead', get: (c) => c.alreadyDead },
  ],
  tables: [executors],
  follows: (status) => (typeof status.master === 'string' ? status.master : null),
  statechart: () => import('./machine').then((m) => m.appClientMachine),
  /** Whether the master has registered it. */
  probe: (snapshot) => ({ registered: (snapshot as { context: AppClientContext }).context.registered }),
});
