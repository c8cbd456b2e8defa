/**
 * What the log reader gives back: the files it read and how, the daemons it found, every line as
 * an event (a Spark log template with its fields) or an unrecognized line, and the lines that are
 * not log events (banners, blank lines, elisions), each with what it is.
 */
import type { SourceRef } from '../sim/types';
import type { DaemonKind, FieldValue, VersionRange } from '../spark/log-templates';

/** A file to read: its name (shown, and used in daemon ids) and its text. */
export interface LogInput {
  readonly name: string;
  readonly text: string;
}

export type ParsedLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** The line layout a file is written in (FORMATS.md §1–5, 7). */
export type LayoutName =
  /** `yy/MM/dd HH:mm:ss LEVEL Logger: message`, log4j 1 or 2 default (Spark 1.x–4.x). */
  | 'spark-default'
  /** The same with package-qualified loggers (`worker.Worker`), a site log4j configuration. */
  | 'package-qualified'
  /** `yyyy-MM-dd HH:mm:ss LEVEL  Logger:LINE - message`. */
  | 'iso-source-line'
  /** `yyyy-MM-dd HH:mm:ss LEVEL Logger: message` (an ISO date, no source line). */
  | 'iso-date'
  /** DataStax Enterprise `system.log`: ` INFO HH:mm:ss,SSS SparkMaster: message`, no date. */
  | 'dse-system-log'
  /** Spark 4 structured logging: one JSON object a line (`ts`, `level`, `msg`, `logger`, …). */
  | 'json-lines'
  /** No line has a log layout. */
  | 'none';

/** What the reader noticed about a file and took into account. */
export type FileFlag =
  | 'compose-prefix'
  | 'blockquote'
  | 'indented'
  | 'trailing-spaces'
  | 'html-entities'
  /** Each line ends with the next entry's timestamp (a paste with shifted line breaks). */
  | 'shifted-line-breaks'
  | 'no-date'
  | 'date-inferred'
  | 'second-resolution'
  /** Times are the host's wall clock with no zone (read as if UTC). */
  | 'local-time'
  | 'utc'
  | 'day-rollover'
  | 'out-of-order'
  | 'clock-offset-applied'
  | 'clock-evidence-inconsistent'
  | 'both-daemons-in-one-stream';

export type EventFlag =
  /** A line broken by the terminal or the author was joined back to its event. */
  | 'hard-wrap-joined'
  /** The exception that Spark prints on the next line was found on the same line. */
  | 'exception-on-same-line'
  /** The timestamp was written at the end of the line before (shifted line breaks). */
  | 'time-from-previous-line'
  /** The message is a stack frame or cause that DSE logs as its own event, folded into the one before. */
  | 'prefixed-continuation';

export interface VersionInfo {
  /** The exact version when a daemon printed it, else null. */
  readonly spark: string | null;
  /** Where it comes from: the line that prints it, or the wordings that narrow it down. */
  readonly detectedFrom: string;
  /** The versions the wordings allow, when no line names the version. */
  readonly range?: VersionRange;
}

/** The process that wrote a line. */
export type ProcessKind = 'master' | 'worker' | 'app' | 'unknown';

export interface DaemonInfo {
  /** `master@host:port`, `worker:spark-worker_1` (a compose service), `worker:file-stem`. */
  readonly id: string;
  readonly kind: ProcessKind;
  readonly host: string | null;
  readonly port: number | null;
  readonly file: string;
  /** The docker-compose service or DSE logger whose lines these are, if any. */
  readonly stream: string | null;
  /** Milliseconds added to this daemon's times to put them on the first master's clock. */
  readonly offsetMs: number;
}

export interface FileStats {
  readonly lines: number;
  readonly events: number;
  /** Lines folded into an event (stack traces, wrapped text). */
  readonly continuation: number;
  readonly unrecognized: number;
  readonly other: number;
  /** Lines written by a Master/Worker logger (runners, agents and engines included). */
  readonly daemonLines: number;
  /** Of those, the lines that are (or are folded into) an event naming a template. */
  readonly recognizedDaemonLines: number;
}

export interface FileInfo {
  readonly name: string;
  readonly layout: LayoutName;
  /** From the `Using Spark's default log4j profile` banner. */
  readonly log4j: 'log4j1' | 'log4j2' | null;
  readonly daemons: readonly string[];
  readonly kinds: readonly ProcessKind[];
  /** The address the file's (first) daemon runs at, when it says. */
  readonly hostPort: string | null;
  readonly firstTime: number | null;
  readonly lastTime: number | null;
  readonly offsetMs: number;
  readonly flags: readonly FileFlag[];
  /** Human-readable notes: how a date was inferred, how a clock offset was estimated, … */
  readonly notes: readonly string[];
  readonly version: VersionInfo;
  readonly stats: FileStats;
}

export interface LogEvent {
  readonly file: string;
  /** 1-based line of the event's first line in its file. */
  readonly line: number;
  /** Last line folded into it, when there is more than one. */
  readonly endLine?: number;
  /** The lines folded into it (stack trace, wrapped text, a blank line inside the event). */
  readonly continuation?: readonly number[];
  /** The text of those lines, unwrapped, one a line (`\n` between them). */
  readonly detail?: string;
  /** Milliseconds since the epoch, the file's clock offset applied. */
  readonly time: number;
  /** The timestamp as printed. */
  readonly rawTime: string;
  readonly daemon: string;
  readonly level: ParsedLevel;
  /** As printed (`Master`, `worker.Worker`, `SparkMaster`). */
  readonly logger: string;
  /** The id of the Spark log template it matched (`master.registering-worker`). */
  readonly template: string;
  /** The template's daemon: master, worker, executor-runner, …, or infra. */
  readonly daemonKind: DaemonKind;
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** The message as printed. */
  readonly text: string;
  readonly ref: SourceRef | null;
  readonly flags?: readonly EventFlag[];
}

export interface UnrecognizedLine {
  readonly file: string;
  readonly line: number;
  readonly endLine?: number;
  readonly continuation?: readonly number[];
  /** The line, unwrapped (a log line's message when it had a log layout). */
  readonly text: string;
  /** The text of the lines folded into it, one a line (`\n` between them). */
  readonly detail?: string;
  /** `not a log line`, `unknown template for logger Master`, `stack trace without its log line`, … */
  readonly reason: string;
  /** When the line had a log layout. */
  readonly time?: number;
  readonly rawTime?: string;
  readonly level?: ParsedLevel;
  readonly logger?: string;
  readonly daemon?: string;
}

export type OtherKind =
  | 'blank'
  /** `Using Spark's default log4j profile: …` */
  | 'log4j-banner'
  /** `Spark Command: …` at the head of a `.out` file. */
  | 'spark-command'
  /** `========================================` under it. */
  | 'separator'
  /** `WARNING: …` printed by the JVM. */
  | 'jvm-warning'
  /** An author's `...` or `... precisely 1000 seconds later ...`. */
  | 'elision';

export interface ClassifiedLine {
  readonly file: string;
  readonly line: number;
  readonly kind: OtherKind;
  readonly text: string;
}

/** A pair of lines on two clocks that must be in this order (a cause and its effect). */
export interface CausalPair {
  readonly rule: string;
  /** The Spark message the cause sent and the effect handled (`RegisterWorker`). */
  readonly message: string;
  /**
   * Another line could as well be the cause (lines of one printed second), or the cause has
   * several such effects: the pair orders lines but does not say which daemon sent what.
   */
  readonly ambiguous: boolean;
  readonly cause: { readonly file: string; readonly line: number };
  readonly effect: { readonly file: string; readonly line: number };
  /** Effect time minus cause time as printed (negative: the clocks disagree). */
  readonly printedGapMs: number;
}

export interface ParsedLog {
  readonly version: VersionInfo;
  readonly files: readonly FileInfo[];
  readonly daemons: readonly DaemonInfo[];
  /** By time, then file order, then line; lines of one second ordered by cause and effect. */
  readonly events: readonly LogEvent[];
  readonly unrecognized: readonly UnrecognizedLine[];
  readonly other: readonly ClassifiedLine[];
  readonly pairs: readonly CausalPair[];
}
