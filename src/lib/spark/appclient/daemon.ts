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
  rows: (c) => c.executors.map((e) => ({ appId: c.appId, e })),
  id: (r) => String(r.e.id),
  cols: [{ key: 'id' }, { key: 'worker' }, { key: 'hostPort', format: 'address' }, { key: 'cores' }, { key: 'state' }],
  values: (r) => [`${r.appId ?? '?'}/${r.e.id}`, r.e.workerId, r.e.hostPort, r.e.cores, r.e.state],
});

export const appDaemon = daemon<AppClientContext, AppParams>({
  kind: 'app',
  label: 'daemon_app',
  machine: 'AppClient',
  draw: { place: 'side', shape: 'box', order: 0 },
  lane: 1,
  facts: (p) => ({ host: p.host, port: p.port, name: p.desc.name, memoryPerExecutor: p.desc.memoryPerExecutorMB }),
  status: {
    cols: [
      { key: 'appId' },
      { key: 'name' },
      { key: 'master', format: 'address' },
      { key: 'registered' },
      { key: 'round' },
      { key: 'dead' },
    ],
    values: (c) => [c.appId, c.desc.name, c.master, c.registered, c.round, c.alreadyDead],
  },
  tables: [executors],
  follows: (status) => (typeof status.master === 'string' ? status.master : null),
  statechart: () => import('./machine').then((m) => m.appClientMachine),
  /** Whether the master has registered it. */
  probe: (snapshot) => ({ registered: (snapshot as { context: AppClientContext }).context.registered }),
});
