/**
 * The scenario real logs imply, so that the model can run the same incident: its masters and
 * workers (hosts, ports, cores and memory as the lines say), the recovery mode, the apps, when
 * each daemon started, the worker timeout a Master printed, and the faults the lines imply (a
 * master that stopped, a worker the Master found silent or lost). What the logs do not say is
 * assumed, and each assumption is listed with the value taken, so the engineer can change it.
 */
import { m } from '../paraglide/messages.js';
import type { NodeId } from '../sim/types';
import type { NodeInfo } from '../world/header';
import type { LogTrace } from './trace';
import { resourcesOfFact } from '../spark/resources';

/** Something the logs did not say, and what the scenario took instead. */
export interface Assumption {
  /**
   * `cores`, `memory`, `address`, `app-memory`, `recovery-mode`, `app-before-logs` (left out),
   * `master-without-log` (taken to run from the start).
   */
  readonly what: string;
  readonly node: NodeId | null;
  readonly value: string;
}

export interface InferredScenario {
  /** A scenario document in the public format (docs/scenario-format.md). */
  readonly doc: Record<string, unknown>;
  /** Scenario node ids (`master-2`) by the replay's node ids (the same, in the same order). */
  readonly nodes: ReadonlyMap<NodeId, NodeId>;
  readonly assumptions: readonly Assumption[];
}

const DEFAULT_CORES = 1;
const DEFAULT_MEMORY_MB = 1024;
const DEFAULT_TIMEOUT_MS = 60_000;

/** `host` and `port` of an address, or null when it is not `host:port`. */
function split(address: string): { host: string; port: number } | null {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?):(\d{1,5})$/.exec(address);
  return m && Number(m[2]) >= 1 && Number(m[2]) <= 65535 ? { host: m[1], port: Number(m[2]) } : null;
}

const seconds = (ms: number) => `${Math.round(ms) / 1000}s`;

/**
 * What the replay's lines tell, read in one pass: when each node first runs and when it stops for
 * good (the last `down` not followed by an `up`, with the template of the line that said so), the
 * recovery modes and worker timeouts the Masters printed, and the apps seen registering.
 */
function readLines(trace: LogTrace) {
  const start = new Map<NodeId, number>();
  const stop = new Map<NodeId, { t: number; template: string | null }>();
  const modes = new Set<string>();
  const timeouts = new Set<number>();
  const registered = new Set<NodeId>();
  /** Masters a worker or app failed to connect to. */
  const refused = new Set<NodeId>();
  trace.events.forEach((e, i) => {
    const template = trace.templates[i];
    const fields = trace.fields[i];
    if (template === 'worker.connect-failed' || template === 'app-client.connect-failed') {
      const master = trace.cluster.byAddress.get(`${String(fields?.masterHost)}:${String(fields?.masterPort)}`);
      if (master !== undefined) refused.add(master);
    }
    if (template === 'master.worker-timed-out') timeouts.add(Number(fields?.timeoutMs));
    if (template === 'master.registered-app') {
      const app = trace.cluster.byApp.get(String(fields?.appId));
      if (app !== undefined) registered.add(app);
    }
    for (const f of e.fx) {
      if (f.k === 'up') {
        if (!start.has(f.node)) start.set(f.node, e.t);
        stop.delete(f.node);
      } else if (f.k === 'down') stop.set(f.node, { t: e.t, template });
      else if (f.k === 'status' && typeof f.status.recoveryMode === 'string') modes.add(f.status.recoveryMode);
    }
  });
  return { start, stop, modes, timeouts, registered, refused };
}

export function scenarioOfReplay(trace: LogTrace): InferredScenario {
  const { header, events } = trace;
  const assumptions: Assumption[] = [];
  const { start, stop, modes, timeouts, registered, refused } = readLines(trace);
  const byKind = (kind: string) => header.nodes.filter((n) => n.kind === kind);
  const masters = byKind('master');
  const workers = byKind('worker');
  const apps = byKind('app');
  const nodes = new Map<NodeId, NodeId>();
  const logged = new Set(trace.cluster.byDaemon.values());

  // Where a node is: its address, or a made-up one (said) when the logs do not give it.
  const used = new Set<string>();
  const place = (n: NodeInfo, k: number, kind: string, port: number) => {
    let at = split(n.address);
    if (at === null || used.has(`${at.host}:${at.port}`)) {
      at = { host: `${kind}${k}`, port };
      while (used.has(`${at.host}:${at.port}`)) at.port++;
      assumptions.push({ what: 'address', node: n.id, value: `${at.host}:${at.port}` });
    }
    used.add(`${at.host}:${at.port}`);
    return at;
  };
  const when = (id: NodeId): Record<string, string> => {
    const t = start.get(id) ?? 0;
    return t > 0 ? { at: seconds(t) } : {};
  };

  // The recovery mode a master printed, else ZooKeeper when more than one master ran.
  let mode = modes.has('ZOOKEEPER') ? 'ZOOKEEPER' : modes.has('FILESYSTEM') ? 'FILESYSTEM' : null;
  if (mode === null && masters.length > 1) {
    mode = 'ZOOKEEPER';
    assumptions.push({ what: 'recovery-mode', node: null, value: mode });
  }
  const config: Record<string, unknown> = {};
  if (mode !== null) config['spark.deploy.recoveryMode'] = mode;
  if (mode === 'ZOOKEEPER') config['spark.deploy.zookeeper.url'] = 'zk:2181';
  const timeout = timeouts.size === 1 ? [...timeouts][0] : DEFAULT_TIMEOUT_MS;
  // Whole seconds, as Spark reads the key.
  if (timeout !== DEFAULT_TIMEOUT_MS && timeout % 1000 === 0) config['spark.worker.timeout'] = timeout / 1000;

  // A master known only from other daemons' lines. Alone, it runs from when a worker first heard
  // from it, and one that never answered was down. Among several (high availability), a standby
  // says nothing to a worker that dials it, and a worker's first word from it (`Master has
  // changed`) is not when it started: it ran from the start, unless a connection to it was refused
  // (then it runs from when it first answered, or never).
  const ha = masters.length > 1;
  const downFromStart = (n: NodeInfo) => !logged.has(n.id) && !start.has(n.id) && (!ha || refused.has(n.id));
  const masterDocs = masters.map((n, k) => {
    nodes.set(n.id, `master-${k + 1}`);
    const standby = ha && !logged.has(n.id) && !refused.has(n.id);
    if (standby) assumptions.push({ what: 'master-without-log', node: n.id, value: '0s' });
    return { ...place(n, k + 1, 'master', 7077), ...(standby ? {} : when(n.id)) };
  });
  const workerDocs = workers.map((n, k) => {
    nodes.set(n.id, `worker-${k + 1}`);
    let cores = Number(n.facts.cores);
    let memory = Number(n.facts.memory);
    if (!Number.isInteger(cores) || cores < 1) {
      cores = DEFAULT_CORES;
      assumptions.push({ what: 'cores', node: n.id, value: String(cores) });
    }
    if (!Number.isFinite(memory) || memory < 1) {
      memory = DEFAULT_MEMORY_MB;
      assumptions.push({ what: 'memory', node: n.id, value: `${memory}m` });
    }
    return {
      ...place(n, k + 1, 'worker', 7078),
      cores,
      memory: `${Math.max(1, Math.round(memory))}m`,
      ...(typeof n.facts.resources === 'string' ? { resources: resourcesOfFact(n.facts.resources) } : {}),
      ...when(n.id),
    };
  });
  // Apps the logs see register; one only recovered or launched for was there before they begin.
  const appDocs = apps
    .filter((n) => {
      if (registered.has(n.id) || logged.has(n.id)) return true;
      assumptions.push({ what: 'app-before-logs', node: n.id, value: String(n.facts.appId ?? n.id) });
      return false;
    })
    .map((n, k) => {
      nodes.set(n.id, `app-${k + 1}`);
      assumptions.push({ what: 'app-memory', node: n.id, value: '1g' });
      return {
        at: seconds(start.get(n.id) ?? 0),
        name: String(n.facts.name ?? n.facts.appId ?? n.id),
        memoryPerExecutor: '1g',
      };
    });

  // The faults: a master that stopped (its log ends in an exit, or a worker lost it), a worker the
  // Master removed for silence (killed one timeout before) or lost (killed then). Daemons that
  // stopped on their own (a worker that gave up) are outcomes, not faults.
  const faults: Record<string, unknown>[] = [];
  for (const [id, s] of stop) {
    const node = header.nodes.find((n) => n.id === id);
    const target = nodes.get(id);
    if (!node || !target) continue;
    if (node.kind === 'master' && s.template !== 'master.leadership-revoked')
      faults.push({ at: seconds(s.t), action: 'kill', target });
    if (node.kind === 'worker' && !logged.has(id)) {
      const silent = s.template === 'master.worker-timed-out';
      const at = silent ? Math.max(start.get(id) ?? 0, s.t - timeout) : s.t;
      faults.push({ at: seconds(at), action: 'kill', target });
    }
  }
  for (const n of masters) if (downFromStart(n)) faults.push({ at: '0s', action: 'kill', target: nodes.get(n.id) });
  faults.sort((a, b) => parseFloat(String(a.at)) - parseFloat(String(b.at)));

  const last = events.length > 0 ? events[events.length - 1].t : 0;
  const doc: Record<string, unknown> = {
    version: 1,
    name: m.inferred_name({ title: header.title }),
    description: m.inferred_description({ version: header.sparkVersion || '?' }),
    seed: 1,
    until: seconds(last + Math.max(10_000, timeout)),
    config,
    masters: masterDocs,
    workers: workerDocs,
    apps: appDocs,
    faults,
  };
  return { doc, nodes, assumptions };
}
