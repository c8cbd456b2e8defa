/**
 * Loading a scenario: JSON text or an object in, a normalized `Scenario` or a precise list of
 * problems out. Never throws on bad input: the caller decides how to show the problems.
 */
import type { ClientRequest } from '../spark/submit/client';
import type { AppRequest } from '../spark/appclient/context';
import { m } from '../paraglide/messages.js';
import { DEFAULT_NETWORK, type NetworkConfig } from '../sim/network';
import type { Fault, NodeId } from '../sim/types';
import { atLeast, resolveConf, type SparkConf } from '../spark/config';
import { faultOf, NodeRefs } from './fault';
import { describeValue, formatProblem, jsonError, problemsOf, type Problem } from './problems';
import { scenarioSchema, type FaultBodyDoc, type FaultDoc, type ScenarioDoc } from './schema';
import { MAX_WORKERS } from './limits';
import type { ResourceProfile } from '../spark/messages';
import {
  RESOURCE_PROFILES_SINCE,
  RESOURCES_SINCE,
  addressesOf,
  type ResourceAmounts,
  type Resources,
} from '../spark/resources';

export { formatProblem, type Problem };

export class ScenarioError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
  }
}

export interface MasterNode {
  id: NodeId;
  host: string;
  port: number;
  at: number;
  /** Other addresses that reach it (`host:port`). */
  aliases?: string[];
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
  /** Its custom resources' addresses, by name [3.0+]. */
  resources?: Resources;
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
  initialExecutorLimit?: number;
  requests?: AppRequest[];
  executorDuration?: number;
  executorExitCode?: number;
  /** Custom resources each executor of the default profile takes [3.0+]. */
  executorResources?: ResourceAmounts;
  /** Resource profiles beyond the default, with their ids (1, 2, …) [3.4+]. */
  resourceProfiles?: ResourceProfile[];
}

export interface DriverSubmission {
  at: number;
  cores: number;
  memory: number;
  supervise: boolean;
  mainClass: string;
  duration?: number;
  exitCode: number;
  runs?: { duration?: number; exitCode: number }[];
  failToStart?: boolean;
  /** Custom resources the driver takes [3.0+]. */
  resources?: ResourceAmounts;
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
  /** The submission client's timed requests (status, kill, the master's state). */
  requests: ClientRequest[];
  /** The submission client (`spark-submit --deploy-mode cluster`), when drivers are submitted. */
  client?: { id: NodeId; host: string; port: number };
  faults: { at: number; fault: Fault }[];
  network: NetworkConfig;
  /** The document as validated (durations and sizes normalized). */
  doc: ScenarioDoc;
}

/** The requests of a later release than the first (the web UI's decommission, the REST server's 4.0 asks). */
const REQUEST_SINCE: Partial<Record<ClientRequest['type'], string>> = {
  DecommissionWorkersOnHosts: '3.1',
  RequestKillAllDrivers: '4.0',
  RequestReadyz: '4.0',
  RequestClearCompletedDriversAndApps: '4.0',
};

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

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
    return { ok: false, problems: [{ path: '', message: m.problem_scenario_object({ got: describeValue(raw) }) }] };
  }
  const version = (raw as { version?: unknown }).version;
  if (version !== undefined && version !== 1) {
    return {
      ok: false,
      problems: [{ path: 'version', message: m.problem_version({ got: describeValue(version) }) }],
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

function resolve(doc: ScenarioDoc): LoadResult {
  const problems: Problem[] = [];
  const conf = resolveConf(doc.config);
  const taken = new Map<string, string>();
  const claim = (hostPort: string, path: string) => {
    const prev = taken.get(hostPort);
    if (prev) problems.push({ path, message: m.problem_address_used({ address: hostPort, by: prev }) });
    else taken.set(hostPort, path);
  };

  const masters: MasterNode[] = doc.masters.map((spec, i) => {
    claim(`${spec.host}:${spec.port}`, `masters[${i}]`);
    const node: MasterNode = { id: `master-${i + 1}`, host: spec.host, port: spec.port, at: spec.at ?? 0 };
    if (spec.aliases && spec.aliases.length > 0) {
      spec.aliases.forEach((a, j) => {
        const port = Number(a.slice(a.lastIndexOf(':') + 1));
        if (port < 1 || port > 65535)
          problems.push({
            path: `masters[${i}].aliases[${j}]`,
            message:
              port < 1
                ? m.problem_at_least({ min: '1', got: String(port) })
                : m.problem_at_most({ max: '65535', got: String(port) }),
          });
        claim(a, `masters[${i}].aliases[${j}]`);
      });
      node.aliases = [...spec.aliases];
    }
    return node;
  });
  const allMasters = masters.map((m) => `${m.host}:${m.port}`);

  let zookeeper: Scenario['zookeeper'];
  if (conf.recoveryMode === 'ZOOKEEPER') {
    const [zkHost, zkPort] = conf.zookeeperUrl.split(',')[0].split(':');
    const p = Number(zkPort ?? 2181);
    if (!zkHost || !Number.isInteger(p) || p < 1 || p > 65535) {
      problems.push({
        path: 'config["spark.deploy.zookeeper.url"]',
        message: m.problem_host_port({ got: JSON.stringify(conf.zookeeperUrl) }),
      });
    } else {
      zookeeper = { id: 'zk', host: zkHost, port: p };
      claim(`${zkHost}:${p}`, 'config["spark.deploy.zookeeper.url"]');
    }
  }

  /** A field of a later release than the chosen one: that Spark would not read it. */
  const needs = (path: string, value: string, since: string) => {
    if (!atLeast(conf.sparkVersion, since))
      problems.push({ path, message: m.problem_config_value_since({ value, since, version: conf.sparkVersion }) });
  };
  doc.workers.forEach((w, i) => {
    if (w.resources !== undefined) needs(`workers[${i}].resources`, 'spark.worker.resource.*', RESOURCES_SINCE);
  });

  const workers: WorkerNode[] = [];
  const expanded = doc.workers.reduce((n, w) => n + (w.count ?? 1), 0);
  if (expanded > MAX_WORKERS) {
    problems.push({ path: 'workers', message: m.problem_workers_max({ max: MAX_WORKERS, got: expanded }) });
    return { ok: false, problems };
  }
  doc.workers.forEach((w, i) => {
    const count = w.count ?? 1;
    for (let k = 1; k <= count; k++) {
      const hostK = w.host.includes('{i}') ? w.host.replaceAll('{i}', String(k)) : w.host;
      const portK = w.host.includes('{i}') ? w.port : w.port + (k - 1);
      if (portK > 65535) {
        problems.push({ path: `workers[${i}].count`, message: m.problem_ports_past() });
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
        ...(w.resources
          ? { resources: Object.fromEntries(Object.entries(w.resources).map(([n, spec]) => [n, addressesOf(spec)])) }
          : {}),
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
    if (a.initialExecutorLimit !== undefined) app.initialExecutorLimit = a.initialExecutorLimit;
    if (a.requests !== undefined) app.requests = a.requests;
    if (a.executorDuration !== undefined) app.executorDuration = a.executorDuration;
    if (a.executorExitCode !== undefined) app.executorExitCode = a.executorExitCode;
    if (a.executorResources !== undefined) {
      needs(`apps[${i}].executorResources`, 'spark.executor.resource.*', RESOURCES_SINCE);
      app.executorResources = a.executorResources;
    }
    if (a.resourceProfiles !== undefined) {
      needs(`apps[${i}].resourceProfiles`, 'ResourceProfile', RESOURCE_PROFILES_SINCE);
      app.resourceProfiles = a.resourceProfiles.map((p, k) => ({
        id: k + 1,
        ...(p.executorCores !== undefined ? { executorCores: p.executorCores } : {}),
        ...(p.executorMemory !== undefined ? { executorMemoryMb: p.executorMemory } : {}),
        ...(p.resources !== undefined ? { resources: p.resources } : {}),
      }));
    }
    (a.requests ?? []).forEach((r, k) => {
      if (r.type !== 'RequestExecutors' || r.profile === undefined || r.profile === 0) return;
      const count = a.resourceProfiles?.length ?? 0;
      if (r.profile > count) {
        problems.push({
          path: `apps[${i}].requests[${k}].profile`,
          message: m.problem_no_such_profile({ profile: r.profile, count }),
        });
      } else needs(`apps[${i}].requests[${k}].profile`, 'ResourceProfile', RESOURCE_PROFILES_SINCE);
    });
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
    if (d.runs !== undefined) out.runs = d.runs;
    if (d.failToStart) out.failToStart = true;
    if (d.resources !== undefined) {
      needs(`drivers[${i}].resources`, 'spark.driver.resource.*', RESOURCES_SINCE);
      out.resources = d.resources;
    }
    return out;
  });
  const requests: ClientRequest[] = doc.requests.map((r, i) => {
    const since = REQUEST_SINCE[r.type];
    if (since !== undefined) needs(`requests[${i}].type`, r.type, since);
    if (r.type === 'DecommissionWorkersOnHosts') return { at: r.at, type: r.type, hosts: r.hosts };
    if (!('driver' in r)) return { at: r.at, type: r.type };
    if (r.driver > drivers.length) {
      problems.push({
        path: `requests[${i}].driver`,
        message: m.problem_no_such_driver({ driver: r.driver, count: drivers.length }),
      });
    }
    return { at: r.at, type: r.type, driver: r.driver - 1 };
  });
  const client = drivers.length > 0 || requests.length > 0 ? { id: 'client', host: 'client', port: 7079 } : undefined;
  if (client) claim('client:7079', drivers.length > 0 ? 'drivers' : 'requests');

  // Every node, addressable by id, by host (when unique) and by host:port.
  const refs = new NodeRefs([
    ...masters,
    ...(zookeeper ? [zookeeper] : []),
    ...workers,
    ...apps,
    ...(client ? [client] : []),
  ]);
  const faults = doc.faults.map((f: FaultDoc, i) => {
    const { at, ...body } = f;
    return { at, fault: faultOf(body as FaultBodyDoc, refs, `faults[${i}]`, problems) };
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
    requests,
    faults,
    network,
    doc,
  };
  if (doc.until !== undefined) scenario.until = doc.until;
  if (zookeeper) scenario.zookeeper = zookeeper;
  if (client) scenario.client = client;
  return { ok: true, scenario };
}
