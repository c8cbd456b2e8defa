/** Helpers for Spark behaviour tests: run a scenario document, then query the trace. */
import { loadScenario, formatProblem } from '../../../src/lib/scenario/load';
import { createInProcessSession } from '../../../src/lib/runtime/inprocess';
import type { Effect, TraceEvent } from '../../../src/lib/sim/types';
import { CONFIG_KEYS, atLeast, unreadBefore } from '../../../src/lib/spark/config';
import { RESOURCE_PROFILES_SINCE, RESOURCES_SINCE } from '../../../src/lib/spark/resources';

/**
 * An example scenario as a release line runs it: `spark.version` set, and the config keys that
 * release does not read left out (a 1.6 scenario cannot name a 2.3 key), and so are custom
 * resources before 3.0 and resource profiles before 3.4.
 */
export function inRelease(doc: Record<string, unknown>, line: string): Record<string, unknown> {
  const config = Object.fromEntries(
    Object.entries((doc.config ?? {}) as Record<string, unknown>).filter(([key, value]) => {
      const def = CONFIG_KEYS.find((d) => d.key === key);
      return !def || !unreadBefore(def, value, line);
    }),
  );
  // Custom resources came with 3.0, resource profiles in Standalone with 3.4: earlier, none.
  const resources = atLeast(line, RESOURCES_SINCE);
  const profiles = atLeast(line, RESOURCE_PROFILES_SINCE);
  const drop = (o: Record<string, unknown>, ...keys: string[]) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
  const list = (key: string) => (doc[key] ?? []) as Record<string, unknown>[];
  const out: Record<string, unknown> = { ...doc, config: { ...config, 'spark.version': line } };
  if (!resources) {
    if (doc.workers) out.workers = list('workers').map((w) => drop(w, 'resources'));
    if (doc.drivers) out.drivers = list('drivers').map((d) => drop(d, 'resources'));
  }
  if (doc.apps) {
    out.apps = list('apps').map((a) => {
      const kept = drop(a, ...(resources ? [] : ['executorResources']), ...(profiles ? [] : ['resourceProfiles']));
      if (!profiles && Array.isArray(a.requests)) {
        kept.requests = (a.requests as Record<string, unknown>[]).filter((r) => !r.profile);
      }
      return kept;
    });
  }
  return out;
}

/** What loading the scenario reports, one sentence a problem joined by "; " ('accepted' if none). */
export function problemsOf(doc: Record<string, unknown>): string {
  const r = loadScenario({ version: 1, name: 'test', description: '', seed: 1, ...doc });
  return r.ok ? 'accepted' : r.problems.map(formatProblem).join('; ');
}

/** Runs to `until` (default: the scenario's own `until`, else 10 min). */
export function cluster(doc: Record<string, unknown>, until?: number) {
  const r = loadScenario({ version: 1, name: 'test', description: '', seed: 1, ...doc });
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  const session = createInProcessSession(r.scenario);
  session.sim.runUntil(until ?? r.scenario.until ?? 600_000);
  const events = session.sim.events.slice();
  type Log = { t: number; node: string; level: Extract<Effect, { k: 'log' }>['level']; logger: string; text: string };
  const logs: Log[] = events.flatMap((e) =>
    e.fx
      .filter((f): f is Extract<Effect, { k: 'log' }> => f.k === 'log')
      .map((f) => ({ t: e.t, node: f.node, level: f.level, logger: f.logger, text: f.text })),
  );
  const sends = events.flatMap((e) =>
    e.fx
      .filter((f): f is Extract<Effect, { k: 'send' }> => f.k === 'send')
      .map((f) => ({ t: e.t, from: e.node, to: f.to, msg: f.msg, mode: f.mode })),
  );
  const states = events.flatMap((e) =>
    e.fx
      .filter((f): f is Extract<Effect, { k: 'state' }> => f.k === 'state')
      .map((f) => ({ t: e.t, node: f.node, from: f.from, to: f.to })),
  );
  const violations = events.flatMap((e) => e.fx.filter((f) => f.k === 'violation'));
  const final = session.final();
  return {
    session,
    events,
    logs,
    sends,
    states,
    violations,
    final,
    /** Log lines of one node containing `text`. */
    log: (node: string, text: string) => logs.filter((l) => l.node === node && l.text.includes(text)),
    sent: (type: string, from?: string) =>
      sends.filter((s) => s.msg.type === type && (from === undefined || s.from === from)),
    delivered: (type: string, node?: string) =>
      events.filter(
        (e: TraceEvent) => e.kind === 'deliver' && e.msg === type && (node === undefined || e.node === node),
      ),
    master: (id = 'master-1') =>
      final.masters.find((m) => m.id === id) as Extract<(typeof final.masters)[number], { workers: unknown }>,
    worker: (id: string) =>
      final.workers.find((w) => w.id === id) as Extract<(typeof final.workers)[number], { registered: unknown }>,
  };
}

export const oneMaster = { masters: [{ host: 'master', port: 7077 }] };
export const worker = (n: number, extra: Record<string, unknown> = {}) => ({
  host: `worker${n}`,
  port: 7078,
  cores: 4,
  memory: '4g',
  at: '1s',
  ...extra,
});

/** Two masters under ZooKeeper; the leader, master-1, is killed at 20 s. */
export const zkLeaderDies = {
  config: { 'spark.deploy.recoveryMode': 'ZOOKEEPER' },
  masters: [
    { host: 'm1', port: 7077 },
    { host: 'm2', port: 7077, at: '300ms' },
  ],
  workers: [worker(1)],
  faults: [{ at: '20s', action: 'kill', target: 'master-1' }],
};

/**
 * worker-1 restarts (with a new id) while cut off from the master, which still holds the old one
 * ALIVE: once healed, its registration at the same address is refused.
 */
export const restartBehindPartition = {
  ...oneMaster,
  workers: [worker(1)],
  faults: [
    { at: '20s', action: 'partition', groups: [['worker-1']] },
    { at: '21s', action: 'restart', target: 'worker-1' },
    { at: '25s', action: 'heal' },
  ],
};

/** worker-1 is cut off from the master at 30 s; the partition heals at 3 min. */
export const silentThenHealed = {
  ...oneMaster,
  workers: [worker(1)],
  faults: [
    { at: '30s', action: 'partition', groups: [['worker-1']] },
    { at: '3min', action: 'heal' },
  ],
};
