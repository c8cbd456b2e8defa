/**
 * A daemon thread as a real module Web Worker (browser only: Vite bundles the worker entry).
 *
 * Threads a closed run hands back (`ThreadPort.release`) wait in a pool for the next run: the
 * code in a fresh Web Worker runs cold, and a run loaded after another starts on warm threads.
 */
import type { FromThread, ToThread } from './protocol';
import { canShareMemory, HostLane } from './shared-channel';
import type { ThreadPort } from './threaded-host';

/** Threads handed back and not taken again, at most `MAX_IDLE`. */
const idle: ThreadPort[] = [];
const MAX_IDLE = 16;

export function webWorkerPort(): ThreadPort {
  return idle.pop() ?? spawn();
}
webWorkerPort.sharesMemory = canShareMemory;

function spawn(): ThreadPort {
  const worker = new Worker(new URL('./daemon.worker.ts', import.meta.url), { type: 'module', name: 'spark-daemon' });
  const lane = canShareMemory() ? new HostLane((text) => port.onmessage(JSON.parse(text) as FromThread)) : undefined;
  const port: ThreadPort = {
    post: (m: ToThread) => {
      worker.postMessage(m);
      lane?.posted();
    },
    terminate: () => worker.terminate(),
    onmessage: () => undefined,
    onerror: () => undefined,
    lane,
    release() {
      port.onmessage = () => undefined;
      // The reset was answered, but an answer of this run may still wait in the lane unread (read
      // now, into nothing), or come later by postMessage (its request id matches nothing the next
      // run asks: ids are unique in the page).
      if (lane && !lane.pump(50)) {
        worker.terminate();
        return;
      }
      // A thread that fails while idle leaves the pool.
      port.onerror = () => {
        const i = idle.indexOf(port);
        if (i >= 0) idle.splice(i, 1);
        worker.terminate();
      };
      if (idle.length < MAX_IDLE) idle.push(port);
      else worker.terminate();
    },
  };
  if (lane) port.post({ t: 'lane', sab: lane.sab });
  // An answer too big for the lane comes as its JSON text.
  worker.onmessage = (ev: MessageEvent<FromThread | string>) =>
    port.onmessage(typeof ev.data === 'string' ? (JSON.parse(ev.data) as FromThread) : ev.data);
  worker.onerror = (ev: ErrorEvent) => {
    ev.preventDefault();
    port.onerror(ev.message || 'uncaught error');
  };
  worker.onmessageerror = () => port.onerror('a message could not be read');
  return port;
}

/** The default pool size: one thread per core, at least 2. */
export function defaultThreads(): number {
  return Math.max(2, typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2);
}
