/**
 * A daemon thread as a real module Web Worker (browser only: Vite bundles the worker entry).
 */
import type { FromThread, ToThread } from './protocol';
import { canShareMemory, HostLane } from './shared-channel';
import type { ThreadPort } from './threaded-host';

export function webWorkerPort(): ThreadPort {
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
