/**
 * Headless simulator: `npm run simulate -- <scenario.json | run.json> [--seed N] [--until DURATION] [--format json|log|run] [--check]`
 *
 * A scenario runs to its length (or `--until`); a run file (saved from the page, or written with
 * `--format run`) is made again — its faults where they were injected, to its length — and its
 * hash is checked: a run that comes out different exits 1 and says so. A recorded run (it carries
 * its events, e.g. a log replay saved from the page) is not made again; only `--check` reads it,
 * listing the invariants its events record as broken.
 *
 * json: one object with the trace hash, the event count, the virtual end time, the broken
 * invariants and the final state of every node. log: one line per log event, in Spark's words,
 * prefixed by virtual time and node. run: the run file.
 * A bad file or argument exits with status 2 and a message naming what is wrong; no stack trace.
 */
import { readFileSync } from 'node:fs';
import { classify } from '../src/lib/run/open-file';
import { serializeRun } from '../src/lib/run/run-file';
import { createInProcessSession } from '../src/lib/runtime/inprocess';
import { formatProblem, loadScenario, runLength, type Scenario } from '../src/lib/scenario/load';
import { formatLogLine } from '../src/lib/spark/log-format';
import { parseDuration } from '../src/lib/spark/units';
import type { Injection } from '../src/lib/sim/simulation';
import type { TraceEvent } from '../src/lib/sim/types';
import { injectedFaults, injectionsOf } from '../src/lib/run/run-doc';

const USAGE =
  'usage: npm run simulate -- <scenario.json | run.json> [--seed N] [--until DURATION] [--format json|log|run] [--check]\n' +
  '  --check  exit 1 when an invariant of the spec is broken (each is listed on stderr)';
const FORMATS = ['json', 'log', 'run'] as const;
type Format = (typeof FORMATS)[number];

function die(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function main(argv: string[]): void {
  let file: string | undefined;
  let seed: number | undefined;
  let until: number | undefined;
  let format: Format = 'json';
  let checkInvariants = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) die(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--seed') {
      const v = value();
      if (!/^\d{1,16}$/.test(v) || !Number.isSafeInteger(Number(v))) die(`--seed: expected a whole number, got "${v}"`);
      seed = Number(v);
    } else if (a === '--until') {
      const v = value();
      const ms = parseDuration(/^\d+$/.test(v) ? Number(v) : v);
      if (ms === null) die(`--until: expected a duration like "10min", "90s" or milliseconds, got "${v}"`);
      until = ms;
    } else if (a === '--format') {
      const v = value();
      if (!(FORMATS as readonly string[]).includes(v)) die(`--format: expected json, log or run, got "${v}"`);
      format = v as Format;
    } else if (a === '--check') {
      checkInvariants = true;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (a.startsWith('--')) {
      die(`unknown option ${a}\n${USAGE}`);
    } else if (file === undefined) {
      file = a;
    } else {
      die(`only one file, got "${file}" and "${a}"\n${USAGE}`);
    }
  }
  if (file === undefined) die(USAGE);
  let text: string;
  try {
    // A UTF-8 byte order mark (Windows editors write one) is not part of the JSON, as in the page.
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    die(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }

  const opened = classify(text);
  let scenario: Scenario;
  let injections: Injection[] = [];
  /** A run file's length and hash: the run made again must match them. */
  let expected: { events: number; until: number; hash: string } | null = null;
  if (opened.kind === 'bad') die(`${file}: ${opened.error}`);
  if (opened.kind === 'text') die(`${file}: not a scenario or a run file (JSON)`);
  if (opened.kind === 'run') {
    if (opened.run.kind === 'recorded') {
      if (!checkInvariants || seed !== undefined || until !== undefined || format !== 'json')
        die(`${file}: a recorded run carries its events and cannot be simulated again; --check reads them`);
      const broken = brokenInvariants(opened.run.file.trace);
      if (broken.length > 0) die(`${file}: ${broken.length} invariant(s) broken:\n${broken.join('\n')}`, 1);
      return;
    }
    const run = opened.run;
    if (seed !== undefined || until !== undefined)
      die(`${file}: a run file has its own seed and length; --seed and --until are for scenarios`);
    scenario = run.scenario;
    seed = run.doc.seed;
    const inj = injectionsOf(run.doc.injections, scenario);
    if (!inj.ok) die(`${file}: ${inj.problems.map(formatProblem).join('\n')}`);
    injections = inj.injections;
    expected = { events: run.doc.events, until: run.doc.until, hash: run.doc.hash };
  } else {
    const loaded = loadScenario(opened.doc);
    if (!loaded.ok) die(`${file}: invalid scenario\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    scenario = loaded.scenario;
  }

  const session = createInProcessSession(scenario, seed === undefined ? {} : { seed });
  const sim = session.sim;
  if (expected) {
    sim.replayInjections(injections);
    const exp = expected;
    while (sim.events.length < exp.events && sim.stepMany(exp.events - sim.events.length) > 0);
    if (exp.until > sim.endTime) {
      try {
        sim.idleUntil(exp.until);
      } catch {
        // reported as a different run below
      }
    }
  } else {
    sim.runUntil(until ?? runLength(scenario));
  }
  const events = sim.events;
  const hash = sim.hash();

  if (format === 'log') {
    const out: string[] = [];
    for (const e of events) {
      for (const fx of e.fx) if (fx.k === 'log') out.push(formatLogLine(e.t, fx));
    }
    process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
  } else if (format === 'run') {
    process.stdout.write(
      serializeRun({
        scenario: scenario.doc,
        seed: sim.spec.seed,
        injections: injectedFaults(sim.injections),
        events: events.length,
        until: sim.endTime,
        cursor: events.length,
        time: sim.endTime,
        hash,
      }) + '\n',
    );
  } else {
    const violations = events
      .slice()
      .flatMap((e) => e.fx.filter((f) => f.k === 'violation').map((f) => ({ i: e.i, t: e.t, ...f })));
    process.stdout.write(
      JSON.stringify(
        {
          scenario: scenario.name,
          seed: sim.spec.seed,
          hash,
          events: events.length,
          time: sim.endTime,
          violations,
          final: session.final(),
          ...(expected ? { matches: hash === expected.hash } : {}),
        },
        null,
        2,
      ) + '\n',
    );
  }
  if (checkInvariants) {
    const broken = brokenInvariants(events.slice());
    if (broken.length > 0) die(`${file}: ${broken.length} invariant(s) broken:\n${broken.join('\n')}`, 1);
  }
  if (expected && (hash !== expected.hash || events.length !== expected.events)) {
    die(
      `${file}: made again, the run is not the same: ${events.length} events hashing to ${hash}, where the file says ${expected.events} events hashing to ${expected.hash}`,
      1,
    );
  }
}

/** One line per broken invariant the events record: where, when, which rule, and why. */
function brokenInvariants(events: readonly TraceEvent[]): string[] {
  return events.flatMap((e) =>
    e.fx.flatMap((f) => (f.k === 'violation' ? [`event ${e.i} (${e.t} ms) ${f.rule}: ${f.text}`] : [])),
  );
}

main(process.argv.slice(2));
