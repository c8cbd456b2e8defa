/**
 * Random fault schedules: `npm run fuzz -- N [--seed S]`.
 *
 * Runs N random clusters with random faults (the property tests' generator, with message loss and
 * the worker timeout drawn too), and
 * for each invariant that broke (spec §h) or exception that was thrown, prints how often, and its
 * smallest reproducer found: faults removed and the cluster shrunk one step at a time while the same
 * rule still breaks, cut at the moment it first does. Each reproducer is a scenario file to run as
 * `npm run simulate -- FILE --until T --check`. Exits 1 when anything broke, so it can gate.
 */
import fc from 'fast-check';
import { createInProcessSession } from '../src/lib/runtime/inprocess';
import { loadScenario, runLength } from '../src/lib/scenario/load';
import { clusterDoc, fuzzArb, type ClusterShape } from '../tests/unit/support/random-cluster';

interface Outcome {
  /** The rule broken (`h5`), or `exception: <message>`; null when the run kept every invariant. */
  key: string | null;
  text: string;
  /** When it first broke, in virtual ms. */
  at: number;
}

function run(shape: ClusterShape): Outcome {
  const doc = clusterDoc(shape);
  const loaded = loadScenario(doc);
  if (!loaded.ok) return { key: null, text: '', at: 0 };
  try {
    const session = createInProcessSession(loaded.scenario);
    session.sim.runUntil(runLength(loaded.scenario));
    for (const e of session.sim.events) {
      for (const f of e.fx) {
        if (f.k === 'violation') return { key: f.rule, text: f.text, at: e.t };
        // A daemon that threw inside a handler (no random fault asks one to) is a model bug too.
        if (f.k === 'down' && f.reason.startsWith('crashed:')) {
          const message = f.reason.split('\n')[0];
          return { key: `exception: ${message}`, text: message, at: e.t };
        }
      }
    }
    return { key: null, text: '', at: 0 };
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return { key: `exception: ${message}`, text: message, at: 0 };
  }
}

/** Smaller shapes to try: one fault fewer, one daemon fewer. */
function smaller(s: ClusterShape): ClusterShape[] {
  const out: ClusterShape[] = s.faults.map((_, i) => ({ ...s, faults: s.faults.filter((__, j) => j !== i) }));
  if (s.masters > 1) out.push({ ...s, masters: s.masters - 1 });
  if (s.workers > 1) out.push({ ...s, workers: s.workers - 1 });
  if (s.apps > 0) out.push({ ...s, apps: s.apps - 1 });
  if (s.drivers > 0) out.push({ ...s, drivers: s.drivers - 1 });
  return out;
}

/** Shrinks a failing shape while the same rule still breaks. */
function minimize(shape: ClusterShape, key: string): { shape: ClusterShape; outcome: Outcome } {
  let best = shape;
  let outcome = run(shape);
  for (let progress = true; progress;) {
    progress = false;
    for (const candidate of smaller(best)) {
      const o = run(candidate);
      if (o.key === key) {
        best = candidate;
        outcome = o;
        progress = true;
        break;
      }
    }
  }
  return { shape: best, outcome };
}

function main(argv: string[]): void {
  const n = Number(argv[0] ?? 1000);
  const seedAt = argv.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : 20261207;
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    process.stderr.write(
      `usage: npm run fuzz -- N [--seed S]   (N: a whole number from 1 to 1000000, got ${argv[0]})\n`,
    );
    process.exit(2);
  }
  if (!Number.isInteger(seed)) {
    process.stderr.write(`--seed: expected a whole number, got ${argv[seedAt + 1]}\n`);
    process.exit(2);
  }
  const shapes = fc.sample(fuzzArb, { numRuns: n, seed });
  const groups = new Map<string, { count: number; first: ClusterShape }>();
  const start = Date.now();
  shapes.forEach((shape, i) => {
    const o = run(shape);
    if (o.key !== null) {
      const g = groups.get(o.key);
      if (g) g.count++;
      else groups.set(o.key, { count: 1, first: shape });
    }
    if ((i + 1) % 1000 === 0) process.stderr.write(`${i + 1} runs, ${groups.size} kinds of failure so far\n`);
  });
  let broken = 0;
  for (const [key, g] of groups) {
    broken += g.count;
    const { shape, outcome } = minimize(g.first, key);
    const doc = clusterDoc(shape);
    const until = `${Math.ceil((outcome.at + 1000) / 1000)}s`;
    process.stdout.write(`\n${key} (${g.count} of ${n} runs): ${outcome.text}\n`);
    process.stdout.write(`reproduce: npm run simulate -- FILE --until ${until} --check, FILE holding\n`);
    process.stdout.write(`${JSON.stringify({ ...doc, until })}\n`);
  }
  const secs = ((Date.now() - start) / 1000).toFixed(0);
  process.stdout.write(
    `\n${n} random fault schedules (seed ${seed}) in ${secs} s: ${n - broken} kept every invariant, ${broken} broke one` +
      (groups.size > 0 ? ` (${[...groups.keys()].join(', ')})` : '') +
      '\n',
  );
  process.exit(groups.size > 0 ? 1 : 0);
}

main(process.argv.slice(2));
