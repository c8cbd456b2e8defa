/**
 * The Web Worker entry of a daemon thread: messages in, answers out. Errors thrown outside a
 * daemon's handler are answered as `failed`, so the kernel never waits forever. Where the page is
 * cross-origin isolated, requests may also come through a shared-memory lane (`shared-channel.ts`).
 */
import { sparkRegistry } from '../spark/registry';
import { DaemonThread } from './daemon-thread';
import type { FromThread, ToThread } from './protocol';
import { ThreadLane } from './shared-channel';

const thread = new DaemonThread(sparkRegistry);
let lane: ThreadLane | null = null;
let posts = 0;

function answer(m: ToThread): FromThread | undefined {
  try {
    return thread.receive(m);
  } catch (err) {
    if ('rid' in m) return { rid: m.rid, t: 'failed', error: err instanceof Error ? err.message : String(err) };
    throw err;
  }
}

self.onmessage = (ev: MessageEvent<ToThread>) => {
  const m = ev.data;
  posts++;
  if (m.t === 'lane') {
    lane = new ThreadLane(
      m.sab,
      (text) => JSON.stringify(answer(JSON.parse(text) as ToThread)),
      (text) => self.postMessage(text),
      posts,
    );
    lane.idle();
    return;
  }
  lane?.beforePost();
  let a: FromThread | undefined;
  try {
    a = answer(m);
  } catch (err) {
    lane?.count();
    throw err;
  }
  if (a) self.postMessage(a);
  lane?.afterPost();
};
