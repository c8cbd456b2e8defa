/** What the page and its log-reading Web Worker say to each other (`replay.worker.ts`). */
import type { LogInput } from '../logs';
import type { LogReplay } from './replay';

export type ToReplayWorker = { files: LogInput[] };

export type FromReplayWorker =
  | { t: 'progress'; share: number }
  | { t: 'done'; replay: LogReplay }
  /** `notLogs`: the files that are not Spark logs, when that is why. */
  | { t: 'failed'; notLogs: string[] | null; error: string };
