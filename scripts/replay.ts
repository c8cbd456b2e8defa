/**
 * Reads real Spark Master/Worker logs: `npm run replay -- master.log worker-1.log … [--format json|log|scenario|run]`
 *
 * json (the default): one object with `version`, `daemons` (each with its file's clock offset,
 * flags and notes), `events` (file, 1-based line, time, daemon, template and fields),
 * `unrecognized` (file, line, text and why), and `comparison`: the differences from Spark's model
 * of the scenario the logs imply, each with its sentence. log: the replay's lines as the
 * simulator prints its own (virtual time, node, level, logger, text). scenario: the inferred
 * scenario, to run with `npm run simulate`. run: a run file of the replay, to open in the page.
 * An unreadable file, or one in which no line looks like a Spark log, exits 2.
 */
import { readFileSync } from 'node:fs';
import { formatTime, parseLogs, type LogInput } from '../src/lib/logs';
import { differenceText, replayOfLog, traceOfLog, scenarioOfReplay, assumptionText } from '../src/lib/replay';
import { serializeRecorded } from '../src/lib/run/run-file';
import { formatLogLine } from '../src/lib/spark/log-format';

const USAGE = 'usage: npm run replay -- <log file>... [--format json|log|scenario|run]';
const FORMATS = ['json', 'log', 'scenario', 'run'] as const;

function die(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  const names: string[] = [];
  let format: (typeof FORMATS)[number] = 'json';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--format') {
      const v = argv[++i];
      if (v === undefined) die(`--format needs a value\n${USAGE}`);
      if (!(FORMATS as readonly string[]).includes(v)) die(`--format: expected json, log, scenario or run, got "${v}"`);
      format = v as (typeof FORMATS)[number];
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (a.startsWith('--')) die(`unknown option ${a}\n${USAGE}`);
    else names.push(a);
  }
  if (names.length === 0) die(USAGE);

  const inputs: LogInput[] = names.map((name) => {
    try {
      return { name, text: readFileSync(name, 'utf8') };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      die(
        `cannot read ${name}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (err as Error).message}`,
      );
    }
  });
  const log = parseLogs(inputs);
  const notLogs = log.files.filter((f) => f.layout === 'none');
  if (notLogs.length > 0) {
    die(
      notLogs
        .map(
          (f) =>
            `${f.name}: not a Spark log (no line starts with a timestamp, a level and a logger, nor is a JSON log line)`,
        )
        .join('\n'),
    );
  }
  if (format === 'scenario') {
    const inferred = scenarioOfReplay(traceOfLog(log));
    for (const a of inferred.assumptions) process.stderr.write(`assumed: ${assumptionText(a)}\n`);
    process.stdout.write(`${JSON.stringify(inferred.doc, null, 2)}\n`);
    return;
  }
  if (format === 'log' || format === 'run') {
    const trace = traceOfLog(log);
    if (format === 'run') {
      const last = trace.events.at(-1)?.t ?? 0;
      process.stdout.write(
        `${serializeRecorded({ header: trace.header, trace: trace.events, cursor: trace.events.length, time: last })}\n`,
      );
      return;
    }
    const out: string[] = [];
    const epoch = trace.epoch ?? undefined;
    for (const e of trace.events) for (const fx of e.fx) if (fx.k === 'log') out.push(formatLogLine(e.t, fx, epoch));
    process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
    return;
  }
  const replay = replayOfLog(log);
  const comparison =
    replay.comparison === null
      ? null
      : 'error' in replay.comparison
        ? replay.comparison
        : { differences: replay.comparison.differences.map((d) => ({ ...d, says: differenceText(d) })) };
  const fileOf = new Map(log.files.map((f) => [f.name, f]));
  const out = {
    version: log.version,
    daemons: log.daemons.map((d) => ({
      ...d,
      flags: fileOf.get(d.file)?.flags ?? [],
      notes: fileOf.get(d.file)?.notes ?? [],
    })),
    events: log.events.map((e) => ({
      file: e.file,
      line: e.line,
      ...(e.endLine === undefined ? {} : { endLine: e.endLine }),
      time: formatTime(e.time),
      rawTime: e.rawTime,
      daemon: e.daemon,
      level: e.level,
      logger: e.logger,
      template: e.template,
      fields: e.fields,
      text: e.text,
    })),
    unrecognized: log.unrecognized.map((u) => ({
      file: u.file,
      line: u.line,
      ...(u.endLine === undefined ? {} : { endLine: u.endLine }),
      text: u.text,
      reason: u.reason,
    })),
    assumptions: replay.assumptions.map((a) => ({ ...a, says: assumptionText(a) })),
    comparison,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main(process.argv.slice(2));
