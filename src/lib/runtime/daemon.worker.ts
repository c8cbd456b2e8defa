/**
 * The Web Worker entry of a daemon thread: messages in, answers out. Errors thrown outside a
 * daemon's handler are answered as `failed`, so the kernel never waits forever.
 */
import { sparkRegistry } from '../spark/registry';
import { DaemonThread } from './daemon-thread';
import type { ToThread } from './protocol';

const thread = new DaemonThread(sparkRegistry);

self.onmessage = (ev: MessageEvent<ToThread>) => {
  const m = ev.data;
  try {
    const answer = thread.receive(m);
    if (answer) self.postMessage(answer);
  } catch (err) {
    if ('rid' in m)
      self.postMessage({ rid: m.rid, t: 'failed', error: err instanceof Error ? err.message : String(err) });
    else throw err;
  }
};
