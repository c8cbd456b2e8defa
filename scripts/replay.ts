/**
 * Reads real Spark Master/Worker logs: `npm run replay -- master.log worker-1.log … [--format json]`
 *
 * json (the default): one object with `version`, `daemons` (each with its file's clock offset,
 * flags and notes), `events` (file, 1-based line, time, daemon, template and fields) and
 * `unrecognized` (file, line, text and why). The formats log, scenario and run are not
 * implemented yet. An unreadable file, or one in which no line looks like a Spark log, exits 2.
 */
import { readFileSync } from 'node:fs';
import { formatTime, parseLogs, type LogInput } from '../src/lib/logs';

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
  if (format !== 'json') die(`--format ${format}: not yet implemented (only json is, for now)`);

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
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main(process.argv.slice(2));
