/**
 * The Web Worker that reads real logs for the page, so that a 100 MB log never holds it: files
 * in, progress out as it reads, then the replay (or the reason it is not one).
 */
import { NotALog, replayLogs } from './replay';
import type { FromReplayWorker, ToReplayWorker } from './protocol';

self.onmessage = (ev: MessageEvent<ToReplayWorker>) => {
  const post = (m: FromReplayWorker) => self.postMessage(m);
  try {
    let last = 0;
    const replay = replayLogs(ev.data.files, (share) => {
      if (share - last >= 0.02 || share === 1) {
        last = share;
        post({ t: 'progress', share });
      }
    });
    post({ t: 'done', replay });
  } catch (err) {
    post({
      t: 'failed',
      notLogs: err instanceof NotALog ? [...err.files] : null,
      error: err instanceof Error ? err.message : String(err),
    });
  }
};
