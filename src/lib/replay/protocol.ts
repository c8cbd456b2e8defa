/** What the page and its log-reading Web Worker say to each other (`replay.worker.ts`). */
import type { TraceEvent } from '../sim/types';
import type { LogReplay } from './replay';

/** A log to read: its text, or the file itself (read where it is parsed, never copied whole). */
export type LogFile = { name: string; text: string } | { name: string; blob: Blob };

export type ToReplayWorker = { files: LogFile[] };

/** The files' texts, read where this runs (a Web Worker reads the files itself). */
export function textsOf(files: readonly LogFile[]): Promise<{ name: string; text: string }[]> {
  return Promise.all(files.map(async (f) => ({ name: f.name, text: 'text' in f ? f.text : await f.blob.text() })));
}

/**
 * Events go over in chunks of this many, so that no message takes the page long to receive: an
 * event of a log is about 600 bytes of objects (its line, fields and effects), and a chunk of
 * 2,048 of them took the page 50–90 ms to take in, one task each; 256 take under 15 ms.
 */
export const EVENT_CHUNK = 256;

export type FromReplayWorker =
  | { t: 'progress'; share: number }
  | { t: 'events'; chunk: TraceEvent[] }
  /** The replay without its events (they came before, in chunks). */
  | { t: 'done'; replay: Omit<LogReplay, 'events'> }
  /** `notLogs`: the files that are not Spark logs, when that is why. */
  | { t: 'failed'; notLogs: string[] | null; error: string };
