/**
 * Reads logs in a Web Worker (in-process where there is none: Node, tests). Progress is heard as
 * the worker reads; `progress` answering false, or `signal` aborting, stops the worker and rejects
 * with `Cancelled`. The events arrive in chunks, each a short task for the page.
 */
import type { TraceEvent } from '../sim/types';
import { textsOf, type FromReplayWorker, type LogFile, type ToReplayWorker } from './protocol';
import { NotALog } from './not-a-log';
import type { LogReplay } from './replay';

export type { LogFile } from './protocol';

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export type LogReader = (
  files: LogFile[],
  progress: (share: number) => Promise<boolean>,
  signal?: AbortSignal,
) => Promise<LogReplay>;

/**
 * Reads in the page's own thread (Node, tests, a browser without workers). The reader is loaded
 * only then: the page's first load does not carry it.
 */
export const readLogsHere: LogReader = async (files, progress, signal) => {
  const { replayLogs } = await import('./replay');
  const replay = replayLogs(await textsOf(files), undefined, { skipNotLogs: true });
  if (signal?.aborted) throw new Cancelled();
  if (!(await progress(1))) throw new Cancelled();
  return replay;
};

/** Reads in a Web Worker. */
export const readLogsInWorker: LogReader = (files, progress, signal) => {
  if (typeof Worker === 'undefined') return readLogsHere(files, progress, signal);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./replay.worker.ts', import.meta.url), { type: 'module', name: 'spark-logs' });
    const events: TraceEvent[] = [];
    const stop = (err: Error) => {
      worker.terminate();
      reject(err);
    };
    worker.onmessage = (ev: MessageEvent<FromReplayWorker>) => {
      const m = ev.data;
      if (m.t === 'progress') {
        void progress(m.share).then((go) => {
          if (!go) stop(new Cancelled());
        });
      } else if (m.t === 'events') {
        for (const e of m.chunk) events.push(e);
      } else if (m.t === 'done') {
        worker.terminate();
        resolve({ ...m.replay, events });
      } else stop(m.notLogs ? new NotALog(m.notLogs) : new Error(m.error));
    };
    signal?.addEventListener('abort', () => stop(new Cancelled()));
    worker.onerror = (ev) => stop(new Error(ev.message || 'the log reader stopped'));
    worker.postMessage({ files } satisfies ToReplayWorker);
  });
};
