/**
 * Files in, a replay out: the trace the panels draw, what the reader made of each file, and every
 * line it did not understand (kept, shown and downloadable). Refuses, naming the file, text in
 * which no line looks like a Spark log. Pure: the page runs it in a Web Worker, the CLI in Node.
 */
import { NotALog } from './not-a-log';
import { parseLogs, type FileInfo, type LogInput, type ParsedLog, type VersionInfo } from '../logs';
import type { TraceEvent } from '../sim/types';
import type { TraceHeader } from '../world/header';
import { compareWithModel, type Difference } from './compare';
import { runInferred, type Refusal } from './model-run';
import { scenarioOfReplay, type Assumption } from './scenario';
import { traceOfLog } from './trace';

/** What the reader made of one file, for the page's summary. */
export interface FileSummary {
  readonly name: string;
  readonly layout: FileInfo['layout'];
  readonly lines: number;
  readonly events: number;
  readonly unrecognized: number;
  readonly offsetMs: number;
  readonly flags: readonly string[];
  readonly notes: readonly string[];
  readonly spark: string | null;
}

export interface UnrecognizedSummary {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface LogReplay {
  readonly header: TraceHeader;
  readonly events: TraceEvent[];
  readonly version: VersionInfo;
  readonly files: readonly FileSummary[];
  readonly unrecognized: readonly UnrecognizedSummary[];
  /** Epoch milliseconds of time 0, to print a line's wall-clock time (null: the logs have none). */
  readonly epoch: number | null;
  /** The scenario the logs imply ("Open as scenario"), and what it had to assume. */
  readonly scenario: Record<string, unknown>;
  readonly assumptions: readonly Assumption[];
  /**
   * Where the logs and Spark's model of that scenario differ, in time order; or why the model was
   * not run (too big a cluster), or null when no comparison was asked for.
   */
  readonly comparison: { differences: Difference[] } | { error: string; refusal?: Refusal } | null;
  /**
   * The widest gap between the files' spans of time, when over a day: files that far apart are
   * likely not one cluster's one incident (two clusters' leaders would both be drawn leading).
   */
  readonly apart: { readonly days: number; readonly before: string; readonly after: string } | null;
  /** Files given with the logs that are not Spark logs, left out (the page reads the rest). */
  readonly skipped: readonly string[];
  /** How long reading took where it ran (a Web Worker stamps it; absent elsewhere). */
  readonly timing?: { bytes: number; parseMs: number; totalMs: number };
}

export { NotALog };

/**
 * Reads and replays the files. A file that is not a Spark log is refused (`NotALog`, naming it),
 * or with `skipNotLogs` left out and named in `skipped`, while other files are logs.
 */
export function replayLogs(
  inputs: readonly LogInput[],
  progress?: (share: number) => void,
  opts: { compare?: boolean; skipNotLogs?: boolean } = {},
): LogReplay {
  let log = parseLogs(inputs, progress);
  const notLogs = log.files.filter((f) => f.layout === 'none').map((f) => f.name);
  if (notLogs.length > 0) {
    if (!opts.skipNotLogs || notLogs.length === inputs.length) throw new NotALog(notLogs);
    // Read again without them: a file's index, dates and clocks are the cluster's, not its own.
    const read = log.files;
    log = parseLogs(inputs.filter((_, i) => read[i].layout !== 'none'));
  }
  const replay = { ...replayOfLog(log, opts), skipped: notLogs };
  progress?.(1);
  return replay;
}

/** The replay of logs already read. */
const DAY_MS = 86_400_000;

/** The widest gap, over a day, between the time spans of files (`LogReplay.apart`). */
function apartOf(files: readonly FileInfo[]): LogReplay['apart'] {
  const spans = files
    .filter((f) => f.firstTime !== null && f.lastTime !== null)
    .map((f) => ({ name: f.name, from: f.firstTime as number, to: f.lastTime as number }))
    .sort((a, b) => a.from - b.from);
  let widest: LogReplay['apart'] = null;
  let reach = -Infinity;
  let last = '';
  for (const f of spans) {
    const gap = f.from - reach;
    if (reach > -Infinity && gap > DAY_MS && (widest === null || gap / DAY_MS > widest.days))
      widest = { days: Math.round((gap / DAY_MS) * 10) / 10, before: last, after: f.name };
    if (f.to > reach) {
      reach = f.to;
      last = f.name;
    }
  }
  return widest;
}

export function replayOfLog(log: ParsedLog, opts: { compare?: boolean } = {}): Omit<LogReplay, 'skipped'> {
  const trace = traceOfLog(log);
  const inferred = scenarioOfReplay(trace);
  let comparison: LogReplay['comparison'] = null;
  if (opts.compare !== false) {
    const model = runInferred(inferred);
    comparison = 'error' in model ? model : { differences: compareWithModel(trace, inferred, model.events) };
  }
  return {
    scenario: inferred.doc,
    assumptions: inferred.assumptions,
    comparison,
    apart: apartOf(log.files),
    header: trace.header,
    events: trace.events,
    version: log.version,
    epoch: trace.epoch,
    files: log.files.map((f) => ({
      name: f.name,
      layout: f.layout,
      lines: f.stats.lines,
      events: f.stats.events,
      unrecognized: f.stats.unrecognized,
      offsetMs: f.offsetMs,
      flags: f.flags,
      notes: f.notes,
      spark: f.version.spark,
    })),
    unrecognized: log.unrecognized.map((u) => ({ file: u.file, line: u.line, text: u.text, reason: u.reason })),
  };
}
