/**
 * The Spark configuration keys the model reads, with Spark's names and defaults (Spark 4.0;
 * `internal/config/Deploy.scala`, `internal/config/Worker.scala`, spec §d), and the resolved,
 * typed configuration every daemon is built with.
 */
import { parseDuration } from './units';

export const INT_MAX = 2147483647;

/** The Spark release lines a scenario can choose (`spark.version`), and the release each speaks as. */
export const SPARK_LINES = ['1.6', '2.4', '3.5', '4.0'] as const;
const RELEASES: Readonly<Record<string, string>> = { '1.6': '1.6.3', '2.4': '2.4.8', '3.5': '3.5.3', '4.0': '4.0.1' };

/** Whether the release line `line` is `since` or later (`atLeast('2.4', '3.0')` is false). */
export function atLeast(line: string, since: string): boolean {
  const [a, b] = line.split('.').map(Number);
  const [c, d] = since.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

/** The release a line speaks as (`4.0` → `4.0.1`), for the log templates' wordings. */
/** The release line a scenario's config chooses (`spark.version`), 4.0 when it names none it knows. */
export function lineOf(values: Record<string, unknown>): string {
  const v = values['spark.version'];
  return typeof v === 'string' && (SPARK_LINES as readonly string[]).includes(v) ? v : '4.0';
}

export function releaseOf(line: string): string {
  return RELEASES[line] ?? RELEASES['4.0'];
}

export type RecoveryMode = 'NONE' | 'ZOOKEEPER' | 'FILESYSTEM' | 'ROCKSDB';
export const RECOVERY_MODES: readonly RecoveryMode[] = ['NONE', 'ZOOKEEPER', 'FILESYSTEM', 'ROCKSDB'];

export type WorkerSelectionPolicy =
  'CORES_FREE_ASC' | 'CORES_FREE_DESC' | 'MEMORY_FREE_ASC' | 'MEMORY_FREE_DESC' | 'WORKER_ID';
export const WORKER_SELECTION_POLICIES: readonly WorkerSelectionPolicy[] = [
  'CORES_FREE_ASC',
  'CORES_FREE_DESC',
  'MEMORY_FREE_ASC',
  'MEMORY_FREE_DESC',
  'WORKER_ID',
];

export interface SparkConf {
  workerTimeoutMs: number;
  recoveryMode: RecoveryMode;
  recoveryTimeoutMs: number;
  recoveryDirectory: string;
  zookeeperUrl: string;
  zookeeperDir: string;
  spreadOutApps: boolean;
  spreadOutDrivers: boolean;
  workerSelectionPolicy: WorkerSelectionPolicy;
  defaultCores: number;
  maxDrivers: number;
  maxExecutorRetries: number;
  reaperIterations: number;
  retainedApplications: number;
  retainedDrivers: number;
  initialRegistrationRetries: number;
  totalRegistrationRetries: number;
  preferConfiguredMasterAddress: boolean;
  /** 4.0's id patterns (`String.format` with the date stamp and a counter, or host and port). */
  appIdPattern: string;
  driverIdPattern: string;
  workerIdPattern: string;
  /** Counters wrap at these when set (`spark.deploy.appNumberModulo`); 0: never. */
  appNumberModulo: number;
  driverNumberModulo: number;
  cleanupEnabled: boolean;
  cleanupIntervalMs: number;
  askTimeoutMs: number;
  executorStateSyncMaxAttempts: number;
  decommissionEnabled: boolean;
  /** The Spark release line the daemons speak (`4.0`): its log wording (issue 19's version switch). */
  sparkVersion: string;
}

type Kind =
  | { type: 'duration'; unit: 's' | 'ms' }
  /** Whole seconds, as Spark reads a long config (`"60s"` is an error there). Parsed to ms. */
  | { type: 'seconds'; max: number }
  | { type: 'boolean' }
  | { type: 'int'; min: number }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'string' }
  /** A `String.format` pattern with no whitespace: `%s`, `%d` or `%0Nd`, `%%`, in the given order. */
  | { type: 'pattern'; args: readonly ('s' | 'd')[] };

export interface ConfigKey {
  key: string;
  field: keyof SparkConf;
  kind: Kind;
  /** Spark's default, written as Spark writes it. `null`: derived from another key. */
  default: string | number | boolean | null;
  doc: string;
  /** The release line that first reads the key (spec §d's [4.0]); earlier releases do not know it. */
  since?: string;
  /** Values a release line only accepts from then on (ROCKSDB recovery is 4.0's). */
  valuesSince?: Readonly<Record<string, string>>;
  /** Spark's default before a release line, where it changed then (cleanup is on from 4.0). */
  defaultBefore?: { line: string; value: string | number | boolean };
}

export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    key: 'spark.worker.timeout',
    field: 'workerTimeoutMs',
    // Spark reads it as a long (`longConf`, trimmed): 60, never "60s" [issue 19, bug 9].
    kind: { type: 'seconds', max: 30 * 24 * 3600 },
    default: 60,
    doc: 'Master: a worker silent this long is removed. Worker: heartbeats every timeout/4.',
  },
  {
    key: 'spark.deploy.recoveryMode',
    field: 'recoveryMode',
    kind: { type: 'enum', values: RECOVERY_MODES },
    default: 'NONE',
    doc: 'NONE, ZOOKEEPER (leader election + state in ZooKeeper) or FILESYSTEM (state on disk, one master).',
    valuesSince: { ROCKSDB: '4.0' },
  },
  {
    key: 'spark.deploy.recoveryTimeout',
    field: 'recoveryTimeoutMs',
    kind: { type: 'duration', unit: 's' },
    default: null,
    doc: 'How long RECOVERING waits for workers and apps to answer; defaults to spark.worker.timeout.',
    since: '4.0',
  },
  {
    key: 'spark.deploy.recoveryDirectory',
    field: 'recoveryDirectory',
    kind: { type: 'string' },
    default: '/tmp/spark-recovery',
    doc: 'FILESYSTEM recovery: where the master keeps its state (Spark has no default here).',
  },
  {
    key: 'spark.deploy.zookeeper.url',
    field: 'zookeeperUrl',
    kind: { type: 'string' },
    default: 'zk:2181',
    doc: 'ZOOKEEPER recovery: the ZooKeeper server.',
  },
  {
    key: 'spark.deploy.zookeeper.dir',
    field: 'zookeeperDir',
    kind: { type: 'string' },
    default: '/spark',
    doc: 'ZooKeeper path for leader_election and master_status.',
  },
  {
    key: 'spark.deploy.spreadOut',
    field: 'spreadOutApps',
    kind: { type: 'boolean' },
    default: true,
    doc: 'Spread each app over as many workers as possible (alias of spark.deploy.spreadOutApps).',
  },
  {
    key: 'spark.deploy.spreadOutApps',
    field: 'spreadOutApps',
    kind: { type: 'boolean' },
    default: true,
    doc: 'Spread each app over as many workers as possible.',
  },
  {
    key: 'spark.deploy.spreadOutDrivers',
    field: 'spreadOutDrivers',
    kind: { type: 'boolean' },
    default: true,
    doc: 'Place drivers round-robin over shuffled workers (true) or on the first fitting worker by id.',
    since: '4.0',
  },
  {
    key: 'spark.deploy.workerSelectionPolicy',
    field: 'workerSelectionPolicy',
    kind: { type: 'enum', values: WORKER_SELECTION_POLICIES },
    default: 'CORES_FREE_DESC',
    doc: 'Order in which the scheduler tries workers for executors.',
    since: '4.0',
  },
  {
    key: 'spark.deploy.defaultCores',
    field: 'defaultCores',
    kind: { type: 'int', min: 1 },
    default: INT_MAX,
    doc: 'Cores an app gets when it does not set spark.cores.max.',
  },
  {
    key: 'spark.deploy.maxDrivers',
    field: 'maxDrivers',
    kind: { type: 'int', min: 1 },
    default: INT_MAX,
    doc: 'Most drivers running at once.',
    since: '4.0',
  },
  {
    key: 'spark.deploy.maxExecutorRetries',
    field: 'maxExecutorRetries',
    kind: { type: 'int', min: -1 },
    default: 10,
    doc: 'Abnormal executor exits in a row before an app with no running executor is FAILED; -1 disables.',
  },
  {
    key: 'spark.dead.worker.persistence',
    field: 'reaperIterations',
    kind: { type: 'int', min: 0 },
    default: 15,
    doc: 'A DEAD worker stays listed for (this + 1) worker timeouts.',
  },
  {
    key: 'spark.deploy.retainedApplications',
    field: 'retainedApplications',
    kind: { type: 'int', min: 1 },
    default: 200,
    doc: 'Completed apps kept in the master.',
  },
  {
    key: 'spark.deploy.retainedDrivers',
    field: 'retainedDrivers',
    kind: { type: 'int', min: 1 },
    default: 200,
    doc: 'Completed drivers kept in the master.',
  },
  {
    key: 'spark.worker.initialRegistrationRetries',
    field: 'initialRegistrationRetries',
    kind: { type: 'int', min: 1 },
    default: 6,
    doc: 'Registration retries at the short interval (round(10f) s).',
    since: '4.0',
  },
  {
    key: 'spark.worker.maxRegistrationRetries',
    field: 'totalRegistrationRetries',
    kind: { type: 'int', min: 1 },
    default: 16,
    doc: 'Registration retries in all before the worker gives up.',
    since: '4.0',
  },
  {
    key: 'spark.worker.preferConfiguredMasterAddress',
    field: 'preferConfiguredMasterAddress',
    kind: { type: 'boolean' },
    default: false,
    doc: 'Re-register with the address the worker dialled rather than the one the master reported.',
    since: '2.3',
  },
  {
    key: 'spark.deploy.appIdPattern',
    field: 'appIdPattern',
    kind: { type: 'pattern', args: ['s', 'd'] },
    default: 'app-%s-%04d',
    doc: 'How the master names apps: the submit time as yyyyMMddHHmmss, then the counter.',
    since: '4.0',
  },
  {
    key: 'spark.deploy.driverIdPattern',
    field: 'driverIdPattern',
    kind: { type: 'pattern', args: ['s', 'd'] },
    default: 'driver-%s-%04d',
    doc: 'How the master names drivers: the submit time as yyyyMMddHHmmss, then the counter.',
    since: '4.0',
  },
  {
    key: 'spark.deploy.appNumberModulo',
    field: 'appNumberModulo',
    kind: { type: 'int', min: 1000 },
    default: null,
    doc: 'The app counter wraps at this (unset: never).',
    since: '4.0',
  },
  {
    key: 'spark.deploy.driverNumberModulo',
    field: 'driverNumberModulo',
    kind: { type: 'int', min: 1000 },
    default: null,
    doc: 'The driver counter wraps at this (unset: never).',
    since: '4.0',
  },
  {
    key: 'spark.worker.idPattern',
    field: 'workerIdPattern',
    kind: { type: 'pattern', args: ['s', 's', 'd'] },
    default: 'worker-%s-%s-%d',
    doc: 'How a worker names itself: its start time as yyyyMMddHHmmss, its host, its port.',
    since: '4.0',
  },
  {
    key: 'spark.worker.cleanup.enabled',
    field: 'cleanupEnabled',
    kind: { type: 'boolean' },
    default: true,
    doc: 'Periodically delete old application directories (true since Spark 4.0).',
    defaultBefore: { line: '4.0', value: false },
  },
  {
    key: 'spark.worker.cleanup.interval',
    field: 'cleanupIntervalMs',
    kind: { type: 'duration', unit: 's' },
    default: '1800s',
    doc: 'Period of the work directory cleanup.',
  },
  {
    key: 'spark.rpc.askTimeout',
    field: 'askTimeoutMs',
    kind: { type: 'duration', unit: 's' },
    default: '120s',
    doc: 'Timeout of an RPC ask.',
  },
  {
    key: 'spark.worker.executorStateSync.maxAttempts',
    field: 'executorStateSyncMaxAttempts',
    kind: { type: 'int', min: 1 },
    default: 5,
    doc: 'Attempts to report an executor state change to the master before the worker exits.',
    since: '3.3',
  },
  {
    key: 'spark.decommission.enabled',
    field: 'decommissionEnabled',
    kind: { type: 'boolean' },
    default: false,
    doc: 'Workers decommission themselves on SIGPWR (the `decommission` fault) instead of ignoring it.',
    since: '3.1',
  },
  {
    // Not a Spark config key: the release line the simulated daemons speak, for their log words.
    key: 'spark.version',
    field: 'sparkVersion',
    kind: { type: 'enum', values: SPARK_LINES },
    default: '4.0',
    doc: 'The Spark release the daemons speak (1.6, 2.4, 3.5 or 4.0): the words of their log lines.',
  },
];

/** The directives of a `String.format` pattern, in order (`s` or `d`); null if it has another. */
export function patternArgs(pattern: string): ('s' | 'd')[] | null {
  const out: ('s' | 'd')[] = [];
  for (const m of pattern.matchAll(/%(%|s|0?\d*d|.?)/g)) {
    if (m[1] === '%') continue;
    if (m[1] === 's') out.push('s');
    else if (/^0?\d*d$/.test(m[1])) out.push('d');
    else return null;
  }
  return out;
}

/** Java's `String.format` for the patterns above: `%s` as is, `%d` and `%0Nd` for whole numbers. */
export function formatPattern(pattern: string, values: readonly (string | number)[]): string {
  let k = 0;
  return pattern.replace(/%(%|s|0?\d*d)/g, (_, d: string) => {
    if (d === '%') return '%';
    const v = values[k++];
    if (d === 's') return String(v);
    const width = Number(d.slice(0, -1) || '0');
    const text = String(Math.trunc(Number(v)));
    return d.startsWith('0') ? text.padStart(width, '0') : text.padStart(width, ' ');
  });
}

/**
 * Why the release line `line` would not read a key set to `raw` (null: it would): the key, or
 * that value of it, came in a later release.
 */
export function unreadBefore(def: ConfigKey, raw: unknown, line: string): { since: string; value?: string } | null {
  if (def.since && !atLeast(line, def.since)) return { since: def.since };
  const value = typeof raw === 'string' ? raw.toUpperCase() : undefined;
  const since = value !== undefined ? def.valuesSince?.[value] : undefined;
  if (value !== undefined && since && !atLeast(line, since)) return { since, value };
  return null;
}

/** What is wrong with a config value (the scenario layer says it in the page's language). */
export type ConfigValueProblem =
  | { kind: 'duration' | 'positive' | 'boolean' | 'int' | 'string' }
  | { kind: 'seconds'; max: number }
  | { kind: 'min'; min: number; got: number }
  | { kind: 'pattern'; args: string }
  | { kind: 'enum'; values: readonly string[] };

/**
 * Parses one config value; returns what is wrong instead of throwing (the scenario layer says it
 * as a sentence of the catalog).
 */
export function parseConfigValue(
  def: ConfigKey,
  raw: unknown,
): { ok: true; value: string | number | boolean } | { ok: false; why: ConfigValueProblem } {
  const k = def.kind;
  switch (k.type) {
    case 'duration': {
      const ms = parseDuration(raw, k.unit);
      if (ms === null)
        return {
          ok: false,
          why: { kind: 'duration' },
        };
      if (ms <= 0) return { ok: false, why: { kind: 'positive' } };
      return { ok: true, value: ms };
    }
    case 'seconds': {
      const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > k.max)
        return { ok: false, why: { kind: 'seconds', max: k.max } };
      return { ok: true, value: n * 1000 };
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return { ok: false, why: { kind: 'boolean' } };
    case 'int': {
      const n = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isInteger(n)) return { ok: false, why: { kind: 'int' } };
      if (n < k.min) return { ok: false, why: { kind: 'min', min: k.min, got: n } };
      return { ok: true, value: n };
    }
    case 'enum': {
      const v = typeof raw === 'string' ? raw.toUpperCase() : raw;
      if (typeof v === 'string' && k.values.includes(v)) return { ok: true, value: v };
      return {
        ok: false,
        why: { kind: 'enum', values: k.values },
      };
    }
    case 'string':
      if (typeof raw === 'string' && raw.length > 0) return { ok: true, value: raw };
      return { ok: false, why: { kind: 'string' } };
    case 'pattern': {
      const args = k.args.map((a) => `%${a}`).join(', ');
      if (typeof raw !== 'string' || raw.length === 0 || raw.length > 200 || /\s/.test(raw))
        return { ok: false, why: { kind: 'pattern', args } };
      const used = patternArgs(raw);
      if (used === null || used.join() !== k.args.join()) return { ok: false, why: { kind: 'pattern', args } };
      return { ok: true, value: raw };
    }
  }
}

/** Spark's defaults, resolved. */
export function defaultConf(): SparkConf {
  const conf = {} as Record<string, unknown>;
  for (const def of CONFIG_KEYS) {
    if (def.default === null) continue;
    const parsed = parseConfigValue(def, def.default);
    if (parsed.ok) conf[def.field] = parsed.value;
  }
  const c = conf as unknown as SparkConf;
  c.recoveryTimeoutMs = c.workerTimeoutMs;
  c.appNumberModulo = 0;
  c.driverNumberModulo = 0;
  return c;
}

/**
 * Resolves user-set keys over Spark's defaults. Keys must already be valid (see the scenario
 * schema, which reports errors with their path).
 */
export function resolveConf(values: Record<string, unknown>): SparkConf {
  const conf = defaultConf() as unknown as Record<string, unknown>;
  const line = lineOf(values);
  for (const def of CONFIG_KEYS) {
    if (!(def.key in values)) {
      // A default that changed in a later release: the chosen release's own.
      if (def.defaultBefore && !atLeast(line, def.defaultBefore.line)) {
        const parsed = parseConfigValue(def, def.defaultBefore.value);
        if (parsed.ok) conf[def.field] = parsed.value;
      }
      continue;
    }
    const parsed = parseConfigValue(def, values[def.key]);
    if (!parsed.ok)
      throw new Error(`${def.key}: not a valid value (${parsed.why.kind}): ${JSON.stringify(values[def.key])}`);
    conf[def.field] = parsed.value;
  }
  const c = conf as unknown as SparkConf;
  if (!('spark.deploy.recoveryTimeout' in values)) c.recoveryTimeoutMs = c.workerTimeoutMs;
  return c;
}
