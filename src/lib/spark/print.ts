/**
 * How a daemon prints a log line: by the id of its template in Spark's log template table, with
 * the fields it needs (`print(env.io, 'master.removing-worker', { workerId, host, port })`). The
 * text is the table's, in the words of the Spark release the daemon speaks, so the line the model
 * prints is the line the log reader recognizes; no daemon writes a log text of its own.
 *
 * The release is the one of the daemon handling the input at hand: each actor says it (`speak`)
 * before it handles one, so lines are printed in the words of the scenario's `spark.version`.
 */
import type { LogLevel } from '../sim/types';
import { SPARK_VERSION } from './format';
import { printedLine, type Fields, type TemplateId } from './log-templates';

/** What `print` needs of the daemon's io: its `log`. */
export interface Printer {
  log(level: LogLevel, logger: string, text: string): void;
}

let speaking = SPARK_VERSION;

/** The release whose words the lines printed next are in (an actor sets it for each input). */
export function speak(release: string): void {
  speaking = release;
}

/** The release being spoken (the `Running Spark version` line prints it). */
export function spoken(): string {
  return speaking;
}

/**
 * `detail`: what Spark prints on the lines after the message (an exception's class and message,
 * as `logError(msg, e)` does), joined to the text by a line break.
 */
export function print(io: Printer, id: TemplateId, fields: Readonly<Fields> = {}, detail?: string): void {
  // A line the release does not have (a template of a later version) is not printed.
  const line = printedLine(id, fields, speaking);
  if (line === null) return;
  io.log(line.level, line.logger, detail === undefined ? line.text : `${line.text}\n${detail}`);
}
