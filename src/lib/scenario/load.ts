/**
 * Loading a scenario: JSON text or an object in, a normalized `Scenario` or a precise list of
 * problems out. Never throws on bad input: the caller decides how to show the problems.
 */
import type { ZodError } from 'zod';
import { DEFAULT_NETWORK, type NetworkConfig } from '../sim/network';
import type { Fault, NodeId } from '../sim/types';
import { resolveConf, type SparkConf } from '../spark/config';
import { closest, scenarioSchema, type FaultDoc, type ScenarioDoc } from './schema';

export interface Problem {
  /** Where, e.g. `workers[1].cores` (empty for the document itself). */
  path: string;
  message: string;
}

export class ScenarioError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
  }
}

export function formatProblem(p: Problem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

export interface MasterNode {
  id: NodeId;
  host: string;
  port: number;
  at: number;
}

export interface WorkerNode {
  id: NodeId;
  host: string;
  port: number;
  cores: number;
  memory: number;
  /** Master addresses it dials, `host:port`. */
  masters: string[];
  at: number;
  failExecutors: boolean;
}

export interface AppNode {
  id: NodeId;
  host: string;
  port: number;
  name: string;
  at: number;
  maxCores?: number;
  coresPerExecutor?: number;
  memoryPerExecutor: number;
  duration?: number;
}

export interface DriverSubmission {
  at: number;
  cores: number;
  memory: number;
  supervise: boolean;
  mainClass: string;
  duration?: number;
  exitCode: number;
}

export interface Scenario {
  version: number;
  name: string;
  description: string;
  seed: number;
  until?: number;
  conf: SparkConf;
  masters: MasterNode[];
  zookeeper?: { id: NodeId; host: string; port: number };
  workers: WorkerNode[];
  apps: AppNode[];
  drivers: DriverSubmission[];
  /** The submission client (`spark-submit --deploy-mode cluster`), when drivers are submitted. */
  client?: { id: NodeId; host: string; port: number };
  faults: { at: number; fault: Fault }[];
  network: NetworkConfig;
  /** The document as validated (durations and sizes normalized). */
  doc: ScenarioDoc;
}

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

function article(type: string): string {
  const names: Record<string, string> = {
    number: 'a number',
    int: 'a whole number',
    string: 'a string',
    boolean: 'true or false',
    object: 'an object',
    array: 'an array',
  };
  return names[type] ?? type;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}

const FIELDS: Record<string, readonly string[]> = {
  '': [
    'version',
    'name',
    'description',
    'seed',
    'until',
    'config',
    'masters',
    'workers',
    'apps',
    'drivers',
    'faults',
    'network',
  ],
  masters: ['host', 'port', 'at'],
  workers: ['host', 'port', 'cores', 'memory', 'masters', 'at', 'count', 'failExecutors'],
  apps: ['at', 'name', 'maxCores', 'coresPerExecutor', 'memoryPerExecutor', 'duration', 'host'],
  drivers: ['at', 'cores', 'memory', 'supervise', 'mainClass', 'duration', 'exitCode'],
  faults: ['at', 'action', 'target', 'duration', 'groups', 'name', 'from', 'to', 'count', 'extra'],
  network: ['latency', 'loss'],
};

/** Turns zod's issues into one plain sentence each, with the path. */
function problemsOf(error: ZodError, input: unknown): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const path = pathText(issue.path);
    const value = issue.path.reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as string] : undefined),
      input,
    );
    let message = issue.message;
    const missing = value === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom';
    switch (issue.code) {
      case 'invalid_type':
        message = missing
          ? `is required (expected ${article(issue.expected)})`
          : `expected ${article(issue.expected)}, got ${describe(value)}`;
        break;
      case 'too_small':
        message =
          issue.origin === 'array'
            ? `needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`
            : issue.origin === 'string'
              ? 'must not be empty'
              : `must be at least ${issue.minimum}, got ${describe(value)}`;
        break;
      case 'too_big':
        message = `must be at most ${issue.maximum}, got ${describe(value)}`;
        break;
      case 'unrecognized_keys': {
        const section = String(issue.path.find((p) => typeof p === 'string') ?? '');
        const known = FIELDS[issue.path.length === 0 ? '' : section] ?? [];
        message = issue.keys
          .map((k) => {
            const near = closest(k, known);
            return `unknown field "${k}"${near ? ` (did you mean "${near}"?)` : ''}`;
          })
          .join('; ');
        break;
      }
      case 'invalid_value':
        message = missing
          ? `is required (expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')})`
          : `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(value)}`;
        break;
      case 'invalid_union':
        if (missing) {
          message = 'is required';
        } else if (issue.path.at(-1) === 'action' || (value && typeof value === 'object' && 'action' in value)) {
          const action = issue.path.at(-1) === 'action' ? value : (value as { action?: unknown }).action;
          message = `unknown action ${describe(action)}; expected kill, restart, start, pause, partition, heal, drop, delay, fail-executors or decommission`;
        } else if (issue.path.at(-1) === 'latency') {
          message = `expected a duration, {"min": …, "max": …} or {"dist": "exponential", "min": …, "mean": …}, got ${describe(value)}`;
        } else {
          message = `is not valid: got ${describe(value)}`;
        }
        break;
      case 'invalid_format':
        message = `${issue.message}, got ${describe(value)}`;
        break;
    }
    out.push({ path, message });
  }
  return out;
}

/** Parses JSON text or takes an object, validates it and resolves every node. */
export function loadScenario(input: unknown): LoadResult {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (err) {
      return { ok: false, problems: [{ path: '', message: jsonError(input, err) }] };
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [{ path: '', message: `a scenario is a JSON object, got ${describe(raw)}` }] };
  }
  const version = (raw as { version?: unknown }).version;
  if (version !== undefined && version !== 1) {
    return {
      ok: false,
      problems: [{ path: 'version', message: `this build reads scenario version 1, got ${describe(version)}` }],
    };
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, raw) };
  return resolve(parsed.data);
}

/** Like `loadScenario`, but throws a `ScenarioError`. */
/** How long a run of a scenario lasts when nobody says: its `until`, else 10 virtual minutes. */
export const DEFAULT_UNTIL = 600_000;
export function runLength(s: Scenario): number {
  return s.until ?? DEFAULT_UNTIL;
}

export function parseScenario(input: unknown): Scenario {
  const r = loadScenario(input);
  if (!r.ok) throw new ScenarioError(r.problems);
  return r.scenario;
}

function jsonError(text: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const pos = /position (\d+)/.exec(msg);
  if (pos) {
    const at = Number(pos[1]);
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return `not valid JSON at line ${line}, column ${column}: ${msg.replace(/ in JSON at position \d+.*$/, '')}`;
  }
  return `not valid JSON: ${msg}`;
}

function resolve(doc: ScenarioDoc): LoadResult {
  const problems: Problem[] = [];
  const conf = resolveConf(doc.config);
  const taken = new Map<string, string>();
  const claim = (hostPort: string, path: string) => {
    const prev = taken.get(hostPort);
    if (prev) problems.push({ path, message: `address ${hostPort} is already used by ${prev}` });
    else taken.set(hostPort, path);
  };

  const masters: MasterNode[] = doc.masters.map((m, i) => {
    claim(`${m.host}:${m.port}`, `masters[${i}]`);
    return { id: `master-${i + 1}`, host: m.host, port: m.port, at: m.at ?? 0 };
  });
  const allMasters = masters.map((m) => `${m.host}:${m.port}`);

  let zookeeper: Scenario['zookeeper'];
  if (conf.recoveryMode === 'ZOOKEEPER') {
    const [zkHost, zkPort] = conf.zookeeperUrl.split(',')[0].split(':');
    const p = Number(zkPort ?? 2181);
    if (!zkHost || !Number.isInteger(p) || p < 1 || p > 65535) {
      problems.push({
        path: 'config["spark.deploy.zookeeper.url"]',
        message: `expected "host:port", got ${JSON.stringify(conf.zookeeperUrl)}`,
      });
    } else {
      zookeeper = { id: 'zk', host: zkHost, port: p };
      claim(`${zkHost}:${p}`, 'config["spark.deploy.zookeeper.url"]');
    }
  }

  const workers: WorkerNode[] = [];
  doc.workers.forEach((w, i) => {
    const count = w.count ?? 1;
    for (let k = 1; k <= count; k++) {
      const hostK = w.host.includes('{i}') ? w.host.replaceAll('{i}', String(k)) : w.host;
      const portK = w.host.includes('{i}') ? w.port : w.port + (k - 1);
      if (portK > 65535) {
        problems.push({ path: `workers[${i}].count`, message: `ports would run past 65535` });
        break;
      }
      claim(`${hostK}:${portK}`, `workers[${i}]`);
      workers.push({
        id: `worker-${workers.length + 1}`,
        host: hostK,
        port: portK,
        cores: w.cores,
        memory: w.memory,
        masters: w.masters ? w.masters.map((m) => m.replace(/^spark:\/\//, '')) : allMasters,
        at: w.at ?? 0,
        failExecutors: w.failExecutors ?? false,
      });
    }
  });

  const apps: AppNode[] = doc.apps.map((a, i) => {
    const host = a.host ?? `driver-${i + 1}`;
    claim(`${host}:7078`, `apps[${i}]`);
    const app: AppNode = {
      id: `app-${i + 1}`,
      host,
      port: 7078,
      name: a.name,
      at: a.at,
      memoryPerExecutor: a.memoryPerExecutor,
    };
    if (a.maxCores !== undefined) app.maxCores = a.maxCores;
    if (a.coresPerExecutor !== undefined) app.coresPerExecutor = a.coresPerExecutor;
    if (a.duration !== undefined) app.duration = a.duration;
    return app;
  });

  const drivers: DriverSubmission[] = doc.drivers.map((d, i) => {
    const out: DriverSubmission = {
      at: d.at,
      cores: d.cores,
      memory: d.memory,
      supervise: d.supervise,
      mainClass: d.mainClass ?? `org.example.Driver${i + 1}`,
      exitCode: d.exitCode ?? 0,
    };
    if (d.duration !== undefined) out.duration = d.duration;
    return out;
  });
  const client = drivers.length > 0 ? { id: 'client', host: 'client', port: 7079 } : undefined;
  if (client) claim('client:7079', 'drivers');

  // Every node, addressable by id, by host (when unique) and by host:port.
  const ids: string[] = [
    ...masters.map((m) => m.id),
    ...(zookeeper ? [zookeeper.id] : []),
    ...workers.map((w) => w.id),
    ...apps.map((a) => a.id),
    ...(client ? [client.id] : []),
  ];
  const aliases = new Map<string, string | null>();
  const alias = (name: string, id: string) =>
    aliases.set(name, aliases.has(name) && aliases.get(name) !== id ? null : id);
  for (const id of ids) alias(id, id);
  for (const n of [...masters, ...workers, ...apps, ...(zookeeper ? [zookeeper] : []), ...(client ? [client] : [])]) {
    alias(`${n.host}:${n.port}`, n.id);
    alias(n.host, n.id);
  }
  const ref = (name: string, path: string): string => {
    const id = aliases.get(name);
    if (id) return id;
    if (id === null) {
      problems.push({ path, message: `"${name}" names more than one node; use a node id (${ids.join(', ')})` });
    } else {
      const near = closest(name, ids);
      problems.push({
        path,
        message: `unknown node "${name}"${near ? ` (did you mean "${near}"?)` : ''}; nodes are ${ids.join(', ')}`,
      });
    }
    return name;
  };

  const faults = doc.faults.map((f: FaultDoc, i): { at: number; fault: Fault } => {
    const p = `faults[${i}]`;
    switch (f.action) {
      case 'kill':
      case 'restart':
      case 'start':
        return { at: f.at, fault: { action: f.action, target: ref(f.target, `${p}.target`) } };
      case 'pause':
        return { at: f.at, fault: { action: 'pause', target: ref(f.target, `${p}.target`), duration: f.duration } };
      case 'partition': {
        const groups = f.groups.map((g, gi) => g.map((n, ni) => ref(n, `${p}.groups[${gi}][${ni}]`)));
        const seen = new Set<string>();
        groups.flat().forEach((n) => {
          if (seen.has(n)) problems.push({ path: `${p}.groups`, message: `node "${n}" is in more than one group` });
          seen.add(n);
        });
        return {
          at: f.at,
          fault: f.name ? { action: 'partition', groups, name: f.name } : { action: 'partition', groups },
        };
      }
      case 'heal':
        return { at: f.at, fault: f.name ? { action: 'heal', name: f.name } : { action: 'heal' } };
      case 'drop':
        return {
          at: f.at,
          fault: { action: 'drop', from: ref(f.from, `${p}.from`), to: ref(f.to, `${p}.to`), count: f.count ?? 1 },
        };
      case 'delay': {
        const fault: Fault = {
          action: 'delay',
          from: ref(f.from, `${p}.from`),
          to: ref(f.to, `${p}.to`),
          extra: f.extra,
        };
        if (f.duration !== undefined) fault.duration = f.duration;
        return { at: f.at, fault };
      }
      case 'fail-executors':
      case 'decommission': {
        const target = ref(f.target, `${p}.target`);
        if (!target.startsWith('worker-') && aliases.has(f.target))
          problems.push({ path: `${p}.target`, message: `${f.action} needs a worker, got ${target}` });
        return { at: f.at, fault: { action: 'command', target, name: f.action } };
      }
    }
  });

  if (problems.length > 0) return { ok: false, problems };

  const network: NetworkConfig = {
    latency: doc.network.latency ?? DEFAULT_NETWORK.latency,
    loss: doc.network.loss ?? DEFAULT_NETWORK.loss,
  };
  const scenario: Scenario = {
    version: doc.version,
    name: doc.name,
    description: doc.description,
    seed: doc.seed,
    conf,
    masters,
    workers,
    apps,
    drivers,
    faults,
    network,
    doc,
  };
  if (doc.until !== undefined) scenario.until = doc.until;
  if (zookeeper) scenario.zookeeper = zookeeper;
  if (client) scenario.client = client;
  return { ok: true, scenario };
}
