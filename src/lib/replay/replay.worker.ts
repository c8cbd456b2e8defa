/**
 * The Web Worker that reads real logs for the page, so that a 100 MB log never holds it: files
 * in (read here from the files themselves), progress out as it reads, then the events in chunks
 * and the rest of the replay (or the reason it is not one).
 */
import { NotALog, replayLogs } from './replay';
import { EVENT_CHUNK, textsOf, type FromReplayWorker, type ToReplayWorker } from './protocol';

self.onmessage = async (ev: MessageEvent<ToReplayWorker>) => {
  const post = (m: FromReplayWorker) => self.postMessage(m);
  try {
    const files = await textsOf(ev.data.files);
    let last = 0;
    // The time the files take to parse (read, merged) and the whole replay, for the page to show.
    const start = performance.now();
    let parsed = start;
    const { events, ...rest } = replayLogs(
      files,
      (share) => {
        if (share >= 0.95 && parsed === start) parsed = performance.now();
        if (share - last >= 0.02 || share === 1) {
          last = share;
          post({ t: 'progress', share });
        }
      },
      { skipNotLogs: true },
    );
    const timing = {
      bytes: files.reduce((n, f) => n + f.text.length, 0),
      parseMs: parsed - start,
      totalMs: performance.now() - start,
    };
    for (let i = 0; i < events.length; i += EVENT_CHUNK) post({ t: 'events', chunk: events.slice(i, i + EVENT_CHUNK) });
    post({ t: 'done', replay: { ...rest, timing } });
  } catch (err) {
    post({
      t: 'failed',
      notLogs: err instanceof NotALog ? [...err.files] : null,
      error: err instanceof Error ? err.message : String(err),
    });
  }
};
