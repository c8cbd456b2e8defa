/**
 * The error for files none of whose lines is a Spark log line: its own module, so that the page
 * can tell it apart without loading the log reader.
 */
export class NotALog extends Error {
  constructor(readonly files: readonly string[]) {
    super(
      `not a Spark log: ${files.join(', ')} (no line starts with a timestamp, a level and a logger, nor is a JSON log line)`,
    );
  }
}
