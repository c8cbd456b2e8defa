/**
 * How a daemon prints a log line: by the id of its template in Spark's log template table, with
 * the fields it needs (`print(env.io, 'master.removing-worker', { workerId, host, port })`). The
 * text is the table's, in the words of the Spark version the model speaks, so the line the model
 * prints is the line the log reader recognizes; no daemon writes a log text of its own.
 */
import type { LogLevel } from '../sim/types';
import { SPARK_VERSION } from './format';
import { renderLine, type Fields, type TemplateId } from './log-templates';

/** What `print` needs of the daemon's io: its `log`. */
export interface Printer {
  log(level: LogLevel, logger: string, text: string): void;
}

/**
 * `detail`: what Spark prints on the lines after the message (an exception's class and message,
 * as `logError(msg, e)` does), joined to the text by a line break.
 */
export function print(io: Printer, id: TemplateId, fields: Readonly<Fields> = {}, detail?: string): void {
  const line = renderLine(id, fields, SPARK_VERSION);
  io.log(line.level, line.logger, detail === undefined ? line.text : `${line.text}\n${detail}`);
}
