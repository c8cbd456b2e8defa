/**
 * Headless simulator: `npm run simulate -- <scenario.json> [--seed N] [--until DURATION] [--format json|log]`
 *
 * json: one object with the trace hash, the event count, the virtual end time and the final state
 * of every node. log: one line per log event, in Spark's words, prefixed by virtual time and node.
 * A bad scenario or argument exits with status 2 and a message naming what is wrong; no stack trace.
 */
import { readFileSync } from 'node:fs';
import { loadScenario, formatProblem, runLength } from '../src/lib/scenario/load';
import { createInProcessSession } from '../src/lib/runtime/inprocess';
import { parseDuration } from '../src/lib/spark/units';
import { formatLogLine } from '../src/lib/spark/log-format';

const USAGE = 'usage: npm run simulate -- <scenario.json> [--seed N] [--until DURATION] [--format json|log]';

function die(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  let file: string | undefined;
  let seed: number | undefined;
  let until: number | undefined;
  let format: 'json' | 'log' = 'json';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) die(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--seed') {
      const v = value();
      if (!/^\d+$/.test(v)) die(`--seed: expected a whole number, got "${v}"`);
      seed = Number(v);
    } else if (a === '--until') {
      const v = value();
      const ms = parseDuration(/^\d+$/.test(v) ? Number(v) : v);
      if (ms === null) die(`--until: expected a duration like "10min", "90s" or milliseconds, got "${v}"`);
      until = ms;
    } else if (a === '--format') {
      const v = value();
      if (v !== 'json' && v !== 'log') die(`--format: expected json or log, got "${v}"`);
      format = v;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (a.startsWith('--')) {
      die(`unknown option ${a}\n${USAGE}`);
    } else if (file === undefined) {
      file = a;
    } else {
      die(`only one scenario file, got "${file}" and "${a}"\n${USAGE}`);
    }
  }
  if (file === undefined) die(USAGE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    die(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  const loaded = loadScenario(text);
  if (!loaded.ok) die(`${file}: invalid scenario\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  const scenario = loaded.scenario;
  const session = createInProcessSession(scenario, seed === undefined ? {} : { seed });
  const end = until ?? runLength(scenario);
  session.sim.runUntil(end);
  const events = session.sim.events;
  if (format === 'log') {
    const out: string[] = [];
    for (const e of events) {
      for (const fx of e.fx) if (fx.k === 'log') out.push(formatLogLine(e.t, fx));
    }
    process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
    return;
  }
  const violations = events
    .slice()
    .flatMap((e) => e.fx.filter((f) => f.k === 'violation').map((f) => ({ i: e.i, t: e.t, ...f })));
  process.stdout.write(
    JSON.stringify(
      {
        scenario: scenario.name,
        seed: seed ?? scenario.seed,
        hash: session.sim.hash(),
        events: events.length,
        time: session.sim.endTime,
        violations,
        final: session.final(),
      },
      null,
      2,
    ) + '\n',
  );
}

main(process.argv.slice(2));
