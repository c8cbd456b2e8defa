/**
 * The scenario format, version 1, as a zod schema (documented in docs/scenario-format.md).
 * Durations and memory sizes accept Spark's strings and are normalized to milliseconds and MB.
 */
import { z } from 'zod';
import { m } from '../paraglide/messages.js';

// No code generated at run time: zod would otherwise probe `new Function`, which the page's
// Content-Security-Policy forbids (and reports as a violation).
z.config({ jitless: true });
import { CONFIG_KEYS, lineOf, parseConfigValue, unreadBefore, type ConfigValueProblem } from '../spark/config';
import { parseDuration, parseMemory } from '../spark/units';
import {
  MAX_APPS,
  MAX_CORES,
  MAX_DESCRIPTION_CHARS,
  MAX_DRIVERS,
  MAX_DURATION_MS,
  MAX_FAULTS,
  MAX_MASTERS,
  MAX_MEMORY_MB,
  MAX_NAME_CHARS,
  MAX_REQUESTS,
  MAX_RESOURCE_ADDRESSES,
  MAX_RESOURCE_PROFILES,
  MAX_RESOURCES,
  MAX_WORKERS,
} from './limits';

export const SCENARIO_VERSION = 1;

const duration = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === null) {
    ctx.addIssue({
      code: 'custom',
      message: m.problem_duration({ got: JSON.stringify(v) }),
    });
    return z.NEVER;
  }
  if (ms > MAX_DURATION_MS) {
    ctx.addIssue({ code: 'custom', message: m.problem_duration_max({ got: JSON.stringify(v) }) });
    return z.NEVER;
  }
  return ms;
});

const memory = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const mb = parseMemory(v);
  if (mb === null || mb <= 0) {
    ctx.addIssue({
      code: 'custom',
      message: m.problem_memory({ got: JSON.stringify(v) }),
    });
    return z.NEVER;
  }
  if (mb > MAX_MEMORY_MB) {
    ctx.addIssue({ code: 'custom', message: m.problem_memory_max({ got: JSON.stringify(v) }) });
    return z.NEVER;
  }
  return mb;
});

const host = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.{}_-]*[A-Za-z0-9}])?$/, { error: () => m.problem_host_name() });
const port = z.int().min(1).max(65535);
const positiveInt = z.int().min(1);
const nodeRef = z.string().min(1);

const tooManyResources = (iss: { input: unknown }) =>
  m.problem_max_items({ n: String(MAX_RESOURCES), got: String(Object.keys(iss.input as object).length) });
/** A custom resource's name, as in `spark.worker.resource.{name}.amount` (no dot: Spark splits there). */
const resourceName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: () => m.problem_resource_name() });
/** How many addresses of each resource an executor or a driver takes. */
const resourceAmounts = z
  .record(resourceName, z.int().min(1).max(MAX_RESOURCE_ADDRESSES))
  .refine((r) => Object.keys(r).length <= MAX_RESOURCES, { error: tooManyResources });
/** A worker's addresses of each resource: how many ("0", "1", …), or the addresses themselves. */
const workerResources = z
  .record(
    resourceName,
    z.union([
      z.int().min(1).max(MAX_RESOURCE_ADDRESSES),
      z
        .array(z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, { error: () => m.problem_resource_address() }))
        .min(1)
        .max(MAX_RESOURCE_ADDRESSES)
        .refine((a) => new Set(a).size === a.length, { error: () => m.problem_resource_address_twice() }),
    ]),
  )
  .refine((r) => Object.keys(r).length <= MAX_RESOURCES, { error: tooManyResources });

const master = z.strictObject({
  host,
  port,
  at: duration.optional(),
  /**
   * Other addresses that reach this master, `"host:port"` (a DNS alias, a load balancer in front
   * of it): a worker may dial one of them, and the master then knows it by its own.
   */
  aliases: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:\d{1,5}$/, { error: () => m.problem_host_port_form() }),
    )
    .max(8)
    .optional(),
});

const worker = z.strictObject({
  host,
  port,
  cores: positiveInt.max(MAX_CORES),
  memory,
  /** Masters this worker dials, as `spark://host:port` or `host:port`; default: all masters. */
  masters: z
    .array(z.string().regex(/^(spark:\/\/)?[^\s:/]+:\d+$/, 'expected "spark://host:port"'))
    .min(1)
    .optional(),
  at: duration.optional(),
  /** Makes this many workers; `{i}` in the host is replaced by 1..count, otherwise ports count up. */
  count: z.int().min(1).max(MAX_WORKERS).optional(),
  /** Every executor launched on this worker exits with code 1 before it runs. */
  failExecutors: z.boolean().optional(),
  /** Custom resources (`spark.worker.resource.{name}.amount` and the addresses found) [3.0+]. */
  resources: workerResources.optional(),
});

/** What the app's driver asks its master at a time, as dynamic allocation does (`StandaloneAppClient`). */
const appRequest = z.discriminatedUnion('type', [
  z.strictObject({
    at: duration,
    type: z.literal('RequestExecutors'),
    total: z.int().min(0).max(1_000_000),
    /** Which resource profile the total is for: 0 (the default) or one of `resourceProfiles`, from 1. */
    profile: z.int().min(0).max(MAX_RESOURCE_PROFILES).optional(),
  }),
  z.strictObject({
    at: duration,
    type: z.literal('KillExecutors'),
    executors: z.array(z.int().min(0).max(1_000_000)).min(1).max(1000),
  }),
]);

const app = z.strictObject({
  at: duration,
  name: z.string().min(1),
  /** `spark.dynamicAllocation.initialExecutors` as the app's `initialExecutorLimit`. Default: no limit. */
  initialExecutorLimit: z.int().min(0).max(1_000_000).optional(),
  /** Each executor's process exits this long after it is RUNNING (default: runs until killed)… */
  executorDuration: duration.optional(),
  /** …with this code (default 0; anything else counts towards spark.deploy.maxExecutorRetries). */
  executorExitCode: z.int().min(-255).max(255).optional(),
  /** Executor requests and kills, at their times. */
  requests: z.array(appRequest).max(1000).optional(),
  maxCores: positiveInt.optional(),
  coresPerExecutor: positiveInt.optional(),
  memoryPerExecutor: memory,
  /** `spark.executor.resource.{name}.amount`: custom resources each executor takes [3.0+]. */
  executorResources: resourceAmounts.optional(),
  /**
   * Stage-level scheduling [3.4+]: more resource profiles, ids 1, 2, … in this order. Each is asked
   * for by a `RequestExecutors` with its `profile`; cores and memory default to the app's.
   */
  resourceProfiles: z
    .array(
      z.strictObject({
        executorCores: positiveInt.max(MAX_CORES).optional(),
        executorMemory: memory.optional(),
        resources: resourceAmounts.optional(),
      }),
    )
    .max(MAX_RESOURCE_PROFILES)
    .optional(),
  /** How long the application runs after it registers; it then unregisters. Default: forever. */
  duration: duration.optional(),
  /** The driver's host (client mode). Default: `driver-<n>`. */
  host: host.optional(),
});

const driver = z.strictObject({
  at: duration,
  cores: positiveInt,
  memory,
  supervise: z.boolean(),
  mainClass: z.string().min(1).optional(),
  /** How long the driver process runs before it exits. Default: forever. */
  duration: duration.optional(),
  /** Exit code when it exits (0 = FINISHED, otherwise FAILED). */
  exitCode: z.int().optional(),
  /** Run by run (a supervised driver restarts itself after a non-zero exit); the last repeats. */
  runs: z
    .array(z.strictObject({ duration: duration.optional(), exitCode: z.int().min(-255).max(255) }))
    .min(1)
    .max(1000)
    .optional(),
  /** The driver process cannot be launched: DriverRunner reports ERROR with the exception. */
  failToStart: z.boolean().optional(),
  /** `spark.driver.resource.{name}.amount`: custom resources the driver takes on its worker [3.0+]. */
  resources: resourceAmounts.optional(),
});

/**
 * A request the submission client (`deploy/Client.scala`, or the master's REST and web endpoints)
 * asks every master at a time: `driver` is the 1-based number of a driver in `drivers`.
 */
const request = z.discriminatedUnion('type', [
  z.strictObject({ at: duration, type: z.literal('RequestKillDriver'), driver: positiveInt }),
  z.strictObject({ at: duration, type: z.literal('RequestDriverStatus'), driver: positiveInt }),
  z.strictObject({ at: duration, type: z.literal('RequestKillAllDrivers') }),
  /** The REST server's `/v1/submissions/readyz` and `/clear` [4.0]. */
  z.strictObject({ at: duration, type: z.literal('RequestReadyz') }),
  z.strictObject({ at: duration, type: z.literal('RequestClearCompletedDriversAndApps') }),
  z.strictObject({ at: duration, type: z.literal('RequestMasterState') }),
  /** The master's web UI's `/workers/kill/?host=…` [3.1+]. */
  z.strictObject({
    at: duration,
    type: z.literal('DecommissionWorkersOnHosts'),
    hosts: z.array(z.string().min(1).max(253)).min(1).max(1000),
  }),
]);

/**
 * A fault, as a scenario, the page's menus and the console give it (without its time). The same
 * schema checks them all, so nothing reaches a run that a run file could not replay.
 */
const faultShapes = <T extends z.core.$ZodShape>(extra: T) =>
  [
    z.strictObject({ ...extra, action: z.literal('kill'), target: nodeRef }),
    z.strictObject({ ...extra, action: z.literal('restart'), target: nodeRef }),
    z.strictObject({ ...extra, action: z.literal('start'), target: nodeRef }),
    z.strictObject({ ...extra, action: z.literal('pause'), target: nodeRef, duration }),
    z.strictObject({
      ...extra,
      action: z.literal('partition'),
      groups: z.array(z.array(nodeRef).min(1)).min(1).max(64),
      name: z.string().min(1).max(100).optional(),
    }),
    z.strictObject({ ...extra, action: z.literal('heal'), name: z.string().min(1).max(100).optional() }),
    z.strictObject({
      ...extra,
      action: z.literal('drop'),
      from: nodeRef,
      to: nodeRef,
      count: positiveInt.max(1_000_000).optional(),
    }),
    z.strictObject({
      ...extra,
      action: z.literal('delay'),
      from: nodeRef,
      to: nodeRef,
      extra: duration,
      duration: duration.optional(),
    }),
    z.strictObject({ ...extra, action: z.literal('fail-executors'), target: nodeRef }),
    z.strictObject({ ...extra, action: z.literal('decommission'), target: nodeRef }),
    /** SIGTERM: a Master or Worker logs the signal, runs its shutdown hooks and exits (a kill is silent). */
    z.strictObject({ ...extra, action: z.literal('stop'), target: nodeRef }),
    /** The daemon throws inside its next handler, as a bug would (its process is recorded as crashed). */
    z.strictObject({ ...extra, action: z.literal('throw'), target: nodeRef, message: z.string().max(500).optional() }),
  ] as const;

export const faultBodySchema = z.discriminatedUnion('action', faultShapes({}));
const fault = z.discriminatedUnion('action', faultShapes({ at: duration }));

/** The fault actions, as the schema knows them. */
export const FAULT_ACTIONS = faultShapes({}).map((s) => s.shape.action.value);

const latency = z.union([
  duration.transform((ms) => ({ dist: 'constant' as const, ms })),
  z
    .strictObject({ dist: z.literal('constant').optional(), ms: duration })
    .transform((l) => ({ dist: 'constant' as const, ms: l.ms })),
  z
    .strictObject({ dist: z.literal('uniform').optional(), min: duration, max: duration })
    .refine((l) => l.min <= l.max, { error: () => m.problem_min_max() })
    .transform((l) => ({ dist: 'uniform' as const, min: l.min, max: l.max })),
  z
    .strictObject({ dist: z.literal('exponential'), min: duration, mean: duration })
    .refine((l) => l.min <= l.mean, { error: () => m.problem_min_mean() }),
]);

/** What is wrong with a config value, as a sentence of the catalog. */
function configProblem(why: ConfigValueProblem, raw: unknown): string {
  const got = JSON.stringify(raw);
  switch (why.kind) {
    case 'duration':
      return m.problem_config_duration({ got });
    case 'positive':
      return m.problem_config_positive({ got });
    case 'seconds':
      return m.problem_config_seconds({ max: String(why.max), got });
    case 'boolean':
      return m.problem_config_boolean({ got });
    case 'int':
      return m.problem_config_int({ got });
    case 'min':
      return m.problem_at_least({ min: String(why.min), got: String(why.got) });
    case 'enum':
      return m.problem_config_enum({ values: why.values.join(', '), got });
    case 'string':
      return m.problem_config_string({ got });
    case 'pattern':
      return m.problem_config_pattern({ args: why.args, got });
  }
}

const config = z.record(z.string(), z.unknown()).superRefine((values, ctx) => {
  const version = lineOf(values);
  for (const [key, raw] of Object.entries(values)) {
    const def = CONFIG_KEYS.find((d) => d.key === key);
    if (!def) {
      const near = closest(
        key,
        CONFIG_KEYS.map((d) => d.key),
      );
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: near ? m.problem_unknown_config_near({ near }) : m.problem_unknown_config(),
      });
      continue;
    }
    const parsed = parseConfigValue(def, raw);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', path: [key], message: configProblem(parsed.why, raw) });
      continue;
    }
    // A key (or a value) of a later release than the one chosen: that Spark would not read it.
    const unread = unreadBefore(def, raw, version);
    if (unread) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: unread.value
          ? m.problem_config_value_since({ value: unread.value, since: unread.since, version })
          : m.problem_config_since({ since: unread.since, version }),
      });
    }
  }
});

export const scenarioSchema = z.strictObject({
  version: z.literal(SCENARIO_VERSION),
  name: z.string().min(1).max(MAX_NAME_CHARS),
  description: z.string().max(MAX_DESCRIPTION_CHARS),
  seed: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Default length of the run, e.g. "10min". */
  until: duration.optional(),
  config: config.default({}),
  masters: z.array(master).min(1).max(MAX_MASTERS),
  workers: z.array(worker).max(MAX_WORKERS).default([]),
  apps: z.array(app).max(MAX_APPS).default([]),
  drivers: z.array(driver).max(MAX_DRIVERS).default([]),
  requests: z.array(request).max(MAX_REQUESTS).default([]),
  faults: z.array(fault).max(MAX_FAULTS).default([]),
  network: z.strictObject({ latency: latency.optional(), loss: z.number().min(0).max(1).optional() }).default({}),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioDoc = z.output<typeof scenarioSchema>;
export type FaultDoc = ScenarioDoc['faults'][number];
export type FaultBodyDoc = z.output<typeof faultBodySchema>;

/** Levenshtein-closest candidate within a small distance, for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
