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

export function print(io: Printer, id: TemplateId, fields: Readonly<Fields> = {}): void {
  const line = renderLine(id, fields, SPARK_VERSION);
  io.log(line.level, line.logger, line.text);
}
