/**
 * The cluster a set of real Spark logs shows: its masters, workers and applications as nodes of a
 * trace (`master-1`, `worker-2`, `app-1`, as a simulation names them), each with the address and
 * the facts the lines give, and how every daemon, address, worker id and app id of the logs maps
 * to one of them.
 *
 * A daemon with a log of its own is a node; so is a daemon only mentioned by another's lines (a
 * worker the Master registered, a master a Worker dialled), noted `log: none`. A worker that dials
 * its only master by another name than the master's own (a DNS name, a compose service) is taken
 * to dial that master, and the name is kept as an alias.
 */
import type { LogEvent, ParsedLog } from '../logs';
import { ramToMegabytes } from '../spark/log-templates';
import { parseResourceLines, resourcesFact } from '../spark/resources';
import type { NodeId, Scalar } from '../sim/types';
import type { NodeInfo } from '../world/header';

export interface LogCluster {
  readonly nodes: readonly NodeInfo[];
  /** The node whose lines a daemon of the logs wrote (by the reader's daemon id). */
  readonly byDaemon: ReadonlyMap<string, NodeId>;
  /** The node at a `host:port` (aliases included). */
  readonly byAddress: ReadonlyMap<string, NodeId>;
  /** The node of an application, by its Spark app id. */
  readonly byApp: ReadonlyMap<string, NodeId>;
  /** Every event of a worker id (`worker-20240101…-host-port`) names its node. */
  workerNode(workerId: string): NodeId | undefined;
}

const WORKER_ID = /^worker-\d{14}-(.+)-(\d+)$/;

/** `host:port` of a worker id, as Spark makes one (`worker-{date}-{host}-{port}`). */
export function addressOfWorkerId(workerId: string): string | null {
  const m = WORKER_ID.exec(workerId);
  return m ? `${m[1]}:${m[2]}` : null;
}

const str = (v: unknown): string => String(v);
/** `host:port` from a line's fields (`masterHost`/`masterPort` for a master a line names). */
export const hostPort = (e: LogEvent, host = 'host', port = 'port'): string =>
  `${str(e.fields[host])}:${str(e.fields[port])}`;

/** The key of a line of a file (`file`, 1-based `line`), as pairs name their two lines. */
export const lineKey = (file: string, line: number): string => `${file}\u0000${line}`;

/** Every recognized line of the logs by its key (built once a replay; the cluster and the trace share it). */
export function eventsByLine(log: ParsedLog): Map<string, LogEvent> {
  const out = new Map<string, LogEvent>();
  for (const e of log.events) out.set(lineKey(e.file, e.line), e);
  return out;
}

/** The master addresses a line of a worker or an app client dials or names, if it does. */
function masterAddressOf(e: LogEvent): string | null {
  switch (e.template) {
    case 'worker.connecting':
    case 'worker.connect-failed':
    case 'worker.registered':
    case 'worker.master-changed':
    case 'worker.duplicate-registration':
    case 'app-client.connecting':
    case 'app-client.master-changed':
      return hostPort(e, 'masterHost', 'masterPort');
    default:
      return null;
  }
}

/** The worker a Master's line names, as an address, if it does. */
function workerAddressOf(e: LogEvent): string | null {
  switch (e.template) {
    case 'master.registering-worker':
    case 'master.removing-worker':
    case 'master.decommissioning-worker':
      return hostPort(e);
    case 'master.worker-timed-out':
    case 'master.recovering-worker':
    case 'master.worker-reregistered':
    case 'master.launching-executor':
    case 'master.launching-driver':
      return addressOfWorkerId(str(e.fields.workerId));
    default:
      return null;
  }
}

/** The application a line names, with its name when it says it. */
function appOf(e: LogEvent): { id: string; name?: string } | null {
  const id = e.fields.appId;
  if (id === undefined) return null;
  const name = e.fields.appName;
  return name === undefined ? { id: str(id) } : { id: str(id), name: str(name) };
}

interface Draft {
  id: NodeId;
  kind: string;
  address: string;
  facts: Record<string, Scalar>;
}

export function clusterOfLog(log: ParsedLog, eventAt = eventsByLine(log)): LogCluster {
  const drafts: Draft[] = [];
  const count = { master: 0, worker: 0, app: 0, process: 0 };
  const byDaemon = new Map<string, NodeId>();
  const byAddress = new Map<string, NodeId>();
  const byApp = new Map<string, NodeId>();
  const draftOf = new Map<NodeId, Draft>();
  const add = (kind: keyof typeof count, address: string, facts: Record<string, Scalar>): Draft => {
    const d: Draft = { id: `${kind}-${++count[kind]}`, kind, address, facts };
    drafts.push(d);
    draftOf.set(d.id, d);
    if (address !== '' && !byAddress.has(address)) byAddress.set(address, d.id);
    return d;
  };

  // Where a worker daemon without a line naming its own address is: the Master's line paired with
  // its own (`Registering worker h:p` for its `Connecting to master`).
  const pairedAddress = new Map<string, string>();
  for (const p of log.pairs) {
    if (p.message !== 'RegisterWorker' || p.ambiguous) continue;
    const cause = eventAt.get(lineKey(p.cause.file, p.cause.line));
    const effect = eventAt.get(lineKey(p.effect.file, p.effect.line));
    if (cause && effect && !pairedAddress.has(cause.daemon)) pairedAddress.set(cause.daemon, hostPort(effect));
  }

  // Daemons with a log of their own, in the order their first lines come.
  const daemons = new Map(log.daemons.map((d) => [d.id, d]));
  const firstLine = new Map<string, LogEvent>();
  for (const e of log.events) if (!firstLine.has(e.daemon)) firstLine.set(e.daemon, e);
  for (const [id] of firstLine) {
    const d = daemons.get(id);
    if (!d) continue;
    const address = d.host !== null ? `${d.host}:${d.port}` : (pairedAddress.get(id) ?? '');
    const facts: Record<string, Scalar> = { log: d.file };
    if (d.stream !== null) facts.stream = d.stream;
    const kind = d.kind === 'unknown' ? 'process' : d.kind;
    if (kind !== 'process' && address !== '') {
      const known = byAddress.get(address);
      if (known !== undefined && draftOf.get(known)?.kind === kind) {
        byDaemon.set(id, known);
        continue;
      }
    }
    byDaemon.set(id, add(kind, address, facts).id);
  }

  // The masters workers dial: the only master with a log, when there is one, whatever name they
  // dial it by; otherwise a master of its own, known only by its address.
  const loggedMasters = drafts.filter((d) => d.kind === 'master');
  const dialled = new Map<string, Set<string>>();
  for (const e of log.events) {
    const a = masterAddressOf(e);
    if (a === null) continue;
    let set = dialled.get(e.daemon);
    if (!set) dialled.set(e.daemon, (set = new Set()));
    set.add(a);
  }
  const onlyMaster = loggedMasters.length === 1 ? loggedMasters[0] : null;
  const singleMasterEverywhere = [...dialled.values()].every(
    (set) => [...set].filter((a) => !byAddress.has(a)).length <= 2,
  );
  for (const set of dialled.values()) {
    for (const a of set) {
      if (byAddress.has(a)) continue;
      if (onlyMaster && singleMasterEverywhere) {
        byAddress.set(a, onlyMaster.id);
        const aliases = onlyMaster.facts.aliases;
        onlyMaster.facts.aliases = aliases ? `${String(aliases)}, ${a}` : a;
        if (onlyMaster.address === '') onlyMaster.address = a;
      } else add('master', a, { log: 'none' });
    }
  }

  // An application client's own log says its app id.
  for (const e of log.events) {
    const node = byDaemon.get(e.daemon);
    if (e.template === 'app-client.connected' && node !== undefined && draftOf.get(node)?.kind === 'app') {
      const id = str(e.fields.appId);
      if (!byApp.has(id)) byApp.set(id, node);
      draftOf.get(node)!.facts.appId ??= id;
    }
  }

  // Workers and applications the lines name.
  for (const e of log.events) {
    const w = workerAddressOf(e);
    if (w !== null && !byAddress.has(w)) {
      const facts: Record<string, Scalar> = { log: 'none' };
      add('worker', w, facts);
    }
    if (w !== null && e.template === 'master.registering-worker') {
      const d = draftOf.get(byAddress.get(w) as NodeId) as Draft;
      d.facts.cores ??= Number(e.fields.cores);
      d.facts.memory ??= ramToMegabytes(str(e.fields.memory));
    }
    if (e.template === 'worker.starting') {
      const d = draftOf.get(byDaemon.get(e.daemon) as NodeId);
      if (d) {
        d.facts.cores = Number(e.fields.cores);
        d.facts.memory = ramToMegabytes(str(e.fields.memory));
      }
    }
    // What the worker found at start (`ResourceUtils`: the list follows the line).
    if (e.template === 'infra.custom-resources' && e.detail !== undefined) {
      const d = draftOf.get(byDaemon.get(e.daemon) as NodeId);
      const found = parseResourceLines(e.detail);
      if (d && d.kind === 'worker' && found) d.facts.resources = resourcesFact(found);
    }
    const app = appOf(e);
    if (app !== null) {
      let node = byApp.get(app.id);
      if (node === undefined) {
        node = add('app', '', { log: 'none', appId: app.id }).id;
        byApp.set(app.id, node);
      }
      const d = draftOf.get(node) as Draft;
      if (app.name !== undefined) d.facts.name ??= app.name;
    }
  }

  const nodes: NodeInfo[] = drafts.map((d) => ({
    id: d.id,
    kind: d.kind,
    // An app's driver address is not in these lines: it goes by its app id.
    address: d.address !== '' ? d.address : d.kind === 'app' ? String(d.facts.appId) : d.id,
    facts: d.facts,
  }));
  return {
    nodes,
    byDaemon,
    byAddress,
    byApp,
    workerNode(workerId) {
      const a = addressOfWorkerId(workerId);
      return a === null ? undefined : byAddress.get(a);
    },
  };
}
