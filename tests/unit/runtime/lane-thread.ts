/**
 * A thread for the shared-channel tests (run by Node's worker_threads through tsx): it logs every
 * post and request it handles, in order, and answers each request with the log so far.
 */
import { parentPort } from 'node:worker_threads';
import { ThreadLane } from '../../../src/lib/runtime/shared-channel';

const port = parentPort;
if (!port) throw new Error('lane-thread.ts runs as a worker thread');
const log: string[] = [];
let lane: ThreadLane | null = null;
let posts = 0;

function serve(text: string): string {
  const r = JSON.parse(text) as { n: number; pad?: number };
  log.push(`request ${r.n}`);
  return JSON.stringify({ n: r.n, seen: [...log], pad: 'é'.repeat(r.pad ?? 0) });
}

type Message =
  | { t: 'lane'; sab: SharedArrayBuffer; spinMs: number }
  /** `fail`: handled as a post whose handler failed (counted, and back to the event loop without waiting). */
  | { t: 'post'; n: number; fail?: boolean }
  /** A request that did not go through the lane: answered by postMessage, in its place. */
  | { t: 'request'; text: string };

port.on('message', (m: Message) => {
  posts++;
  if (m.t === 'lane') {
    lane = new ThreadLane(m.sab, serve, (text) => port.postMessage(text), posts, m.spinMs);
    lane.idle();
    return;
  }
  lane?.beforePost();
  if (m.t === 'post') log.push(`post ${m.n}`);
  else port.postMessage(serve(m.text));
  if (m.t === 'post' && m.fail) lane?.count();
  else lane?.afterPost();
});
