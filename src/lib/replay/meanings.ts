/**
 * What a line of a real log tells about the world, template by template: a state its daemon
 * entered, its status, a row of its tables (or of another's, as far as the line says), a daemon
 * known to run or to have stopped. A line whose template is not here tells nothing more than its
 * text. Nothing is guessed: a worker the Master removed is DEAD in the Master's table, but its
 * process is taken to have stopped only when it has no log of its own to say otherwise.
 *
 * Each meaning is a small function over a `Reading` (d3-force's plug-in contract, not a switch
 * spread over files); `trace.ts` calls the one a line's template names.
 */
import type { LogEvent } from '../logs';
import { ramToMegabytes } from '../spark/log-templates';
import type { NodeId, Row, Scalar } from '../sim/types';
import type { LogCluster } from './cluster';
import { addressOfWorkerId, hostPort } from './cluster';

/** What a meaning may read and do while one line is replayed. */
export interface Reading {
  readonly e: LogEvent;
  /** The node that printed the line. */
  readonly node: NodeId;
  readonly cluster: LogCluster;
  /** The printing node enters a state of its machine (Spark's words). */
  state(to: string): void;
  /** The printing node's state as the lines so far tell it ('' before one does). */
  readonly current: () => string;
  /** Changes part of a node's status (the printing node's unless `of` says). */
  status(patch: Record<string, Scalar>, of?: NodeId): void;
  /** Adds or changes (part of) a row of a node's table; `null` removes it. */
  row(of: NodeId, table: string, id: string, patch: Record<string, Scalar> | null): void;
  /** The row as the lines so far made it, if it is there. */
  rowOf(of: NodeId, table: string, id: string): Row | undefined;
  /** A node is known to run, or to have stopped, from this line (a start, an exit, or another's view of a node without a log). */
  up(of: NodeId, reason: string): void;
  down(of: NodeId, reason: string): void;
  /** Whether a node has a log of its own (then only its own lines start or stop it). */
  logged(of: NodeId): boolean;
}

export type Meaning = (r: Reading) => void;

const s = (v: unknown): string => String(v);
const address = (r: Reading, host?: string, port?: string) => hostPort(r.e, host, port);
const workerRowId = (r: Reading, workerId: string): string => addressOfWorkerId(workerId) ?? workerId;
const execId = (r: Reading) => `${s(r.e.fields.appId)}/${s(r.e.fields.execId)}`;

/** The address of the master a worker or app line names, as the cluster knows it. */
function masterAt(r: Reading): string | null {
  const node = masterNode(r);
  return node === undefined ? null : (r.cluster.nodes.find((n) => n.id === node)?.address ?? null);
}

/** The node of the master a worker or app line names. */
function masterNode(r: Reading): NodeId | undefined {
  return r.cluster.byAddress.get(address(r, 'masterHost', 'masterPort'));
}

/** A worker that gives up or is refused ends its process: it is registered and connected no more. */
function workerExits(r: Reading): void {
  r.status({ registered: false, connected: false });
  r.down(r.node, r.e.text);
}

/** A master without a log of its own answered (or was lost to) the printing worker. */
function masterSeen(r: Reading, up: boolean): void {
  const master = masterNode(r);
  if (master === undefined || r.logged(master)) return;
  if (up) r.up(master, r.e.text);
  else r.down(master, r.e.text);
}

/** A worker the Master's line names: its row in the Master's table and, without a log, its life. */
function masterSeesWorker(r: Reading, rowId: string, state: string, why: string): void {
  const worker = r.cluster.byAddress.get(rowId);
  r.row(r.node, 'workers', rowId, { address: rowId, state });
  if (worker === undefined || r.logged(worker)) return;
  if (state === 'DEAD') r.down(worker, why);
  else r.up(worker, why);
}

function masterSeesApp(r: Reading, state: string | null): void {
  const appId = s(r.e.fields.appId);
  const app = r.cluster.byApp.get(appId);
  if (state === null) r.row(r.node, 'apps', appId, { state: 'FINISHED' });
  else r.row(r.node, 'apps', appId, { id: appId, state });
  if (app === undefined || r.logged(app)) return;
  if (state === null || state === 'FAILED') r.down(app, r.e.text);
  else r.up(app, r.e.text);
}

export const MEANINGS: Readonly<Record<string, Meaning>> = {
  // --- The Master (Master.scala)
  'master.starting': (r) => {
    r.up(r.node, r.e.text);
    r.state('STANDBY');
    r.status({ url: `spark://${address(r)}`, state: 'STANDBY' });
  },
  'persistence.filesystem-directory': (r) => r.status({ recoveryMode: 'FILESYSTEM' }),
  'master.persisting-to-zookeeper': (r) => r.status({ recoveryMode: 'ZOOKEEPER' }),
  'leader-election.starting': (r) => r.status({ recoveryMode: 'ZOOKEEPER', leaderStatus: 'NOT_LEADER' }),
  'leader-election.gained': (r) => {
    // Only a master that is not leading gains leadership: a STANDBY one.
    if (r.current() === '') r.state('STANDBY');
    r.status({ recoveryMode: 'ZOOKEEPER', leaderStatus: 'LEADER' });
  },
  'leader-election.lost': (r) => r.status({ recoveryMode: 'ZOOKEEPER', leaderStatus: 'NOT_LEADER' }),
  'master.elected-leader': (r) => {
    const state = s(r.e.fields.state);
    r.state(state);
    r.status({ state });
  },
  'master.recovery-complete': (r) => {
    r.state('ALIVE');
    r.status({ state: 'ALIVE' });
  },
  'master.leadership-revoked': (r) => r.down(r.node, r.e.text),
  'master.registering-worker': (r) => {
    const rowId = address(r);
    masterSeesWorker(r, rowId, 'ALIVE', r.e.text);
    r.row(r.node, 'workers', rowId, {
      cores: Number(r.e.fields.cores),
      memory: ramToMegabytes(s(r.e.fields.memory)),
    });
  },
  'master.removing-worker': (r) => {
    const rowId = address(r);
    r.row(r.node, 'workers', rowId, { id: s(r.e.fields.workerId) });
    masterSeesWorker(r, rowId, 'DEAD', r.e.text);
  },
  'master.worker-timed-out': (r) => {
    const id = s(r.e.fields.workerId);
    const rowId = workerRowId(r, id);
    r.row(r.node, 'workers', rowId, { id });
    masterSeesWorker(r, rowId, 'DEAD', r.e.text);
  },
  'master.recovering-worker': (r) => {
    const id = s(r.e.fields.workerId);
    r.row(r.node, 'workers', workerRowId(r, id), { id, address: workerRowId(r, id), state: 'UNKNOWN' });
  },
  'master.worker-reregistered': (r) => {
    const id = s(r.e.fields.workerId);
    r.row(r.node, 'workers', workerRowId(r, id), { id, state: 'ALIVE' });
  },
  'master.registered-app': (r) => {
    masterSeesApp(r, 'WAITING');
    r.row(r.node, 'apps', s(r.e.fields.appId), { name: s(r.e.fields.appName) });
  },
  'master.recovering-app': (r) => masterSeesApp(r, 'UNKNOWN'),
  'master.app-reregistered': (r) => masterSeesApp(r, 'WAITING'),
  'master.removing-app': (r) => masterSeesApp(r, null),
  'master.app-failed': (r) => masterSeesApp(r, 'FAILED'),
  'master.launching-executor': (r) => {
    const id = execId(r);
    r.row(r.node, 'executors', id, {
      id,
      app: s(r.e.fields.appId),
      worker: s(r.e.fields.workerId),
      state: 'LAUNCHING',
    });
    r.row(r.node, 'apps', s(r.e.fields.appId), { state: 'RUNNING' });
  },
  'master.removing-executor': (r) => r.row(r.node, 'executors', execId(r), null),
  'master.launching-driver': (r) =>
    r.row(r.node, 'drivers', s(r.e.fields.driverId), {
      id: s(r.e.fields.driverId),
      worker: s(r.e.fields.workerId),
      state: 'RUNNING',
    }),
  'master.removing-driver': (r) => r.row(r.node, 'drivers', s(r.e.fields.driverId), { state: s(r.e.fields.state) }),

  // --- The Worker (Worker.scala)
  'worker.starting': (r) => {
    r.up(r.node, r.e.text);
    r.state('Starting');
    r.status({
      cores: Number(r.e.fields.cores),
      memory: ramToMegabytes(s(r.e.fields.memory)),
      registered: false,
      connected: false,
    });
  },
  'worker.web-ui-proxied': (r) => r.status({ workerId: s(r.e.fields.workerId) }),
  'worker.connecting': (r) => r.state('Registering'),
  'worker.retrying': (r) => {
    r.state('Registering');
    r.status({ attempt: Number(r.e.fields.attempt) });
  },
  'worker.registered': (r) => {
    masterSeen(r, true);
    r.state('Registered');
    r.status({
      master: masterAt(r),
      masterUrl: `spark://${address(r, 'masterHost', 'masterPort')}`,
      registered: true,
      connected: true,
    });
  },
  'worker.master-changed': (r) => {
    masterSeen(r, true);
    r.state('Registered');
    r.status({ master: masterAt(r), masterUrl: `spark://${address(r, 'masterHost', 'masterPort')}`, connected: true });
  },
  'worker.master-disassociated': (r) => {
    masterSeen(r, false);
    r.state('Disconnected');
    r.status({ connected: false });
  },
  'worker.master-connection-failed': (r) => {
    r.state('Disconnected');
    r.status({ connected: false });
  },
  // The worker exits (Worker.scala: `System.exit(1)` after either line): registered to no master.
  'worker.giving-up': workerExits,
  'worker.registration-failed': workerExits,
  'worker.launch-executor': (r) =>
    r.row(r.node, 'executors', execId(r), {
      id: execId(r),
      app: s(r.e.fields.appId),
      appName: s(r.e.fields.appName),
      state: 'RUNNING',
      finished: false,
    }),
  'worker.executor-finished': (r) =>
    r.row(r.node, 'executors', execId(r), { id: execId(r), state: s(r.e.fields.state), finished: true }),
  'worker.launch-driver': (r) =>
    r.row(r.node, 'drivers', s(r.e.fields.driverId), { id: s(r.e.fields.driverId), state: 'RUNNING', finished: false }),
  'worker.driver-finished': (r) =>
    r.row(r.node, 'drivers', s(r.e.fields.driverId), { state: 'FINISHED', finished: true }),
  'worker.driver-failed': (r) => r.row(r.node, 'drivers', s(r.e.fields.driverId), { state: 'FAILED', finished: true }),
  'worker.driver-killed': (r) => r.row(r.node, 'drivers', s(r.e.fields.driverId), { state: 'KILLED', finished: true }),
  'worker.driver-error': (r) => r.row(r.node, 'drivers', s(r.e.fields.driverId), { state: 'ERROR', finished: true }),

  // --- The application client (StandaloneAppClient.scala), when its log is there
  'app-client.connecting': (r) => r.state('Registering'),
  'app-client.connected': (r) => {
    r.state('Registered');
    r.status({ appId: s(r.e.fields.appId), registered: true });
  },
  'app-client.master-changed': (r) => r.status({ master: masterAt(r) }),
  'app-client.disconnected': (r) => r.state('Disconnected'),
  'app-client.killed': (r) => r.down(r.node, r.e.text),
};
