/**
 * Daemon threads for Node tests: each is a `DaemonThread` behind a queue of answers. Answers of
 * one thread stay in order (as a real Web Worker's do), but which thread answers next is drawn from
 * a seeded stream, so tests see many interleavings of parallel threads.
 */
import { DaemonThread } from '../../../src/lib/runtime/daemon-thread';
import type { FromThread, ToThread } from '../../../src/lib/runtime/protocol';
import type { ThreadFactory, ThreadPort } from '../../../src/lib/runtime/threaded-host';
import type { ActorRegistry } from '../../../src/lib/sim/actor';
import { Rng } from '../../../src/lib/sim/rng';
import { sparkRegistry } from '../../../src/lib/spark/registry';

export interface FakeThreads {
  factory: ThreadFactory;
  /** Threads created so far and those still alive. */
  created(): number;
  alive(): number;
  /** Messages posted to threads, by type. */
  posted: Record<string, number>;
  /** Threads handed back for reuse and not taken again (with `pool`). */
  idle(): number;
}

/**
 * With `pool`, threads are handed back on close (`ThreadPort.release`) and taken again by the
 * next factory call, as the page's Web Workers are.
 */
export function fakeThreads(
  seed = 1,
  registry: ActorRegistry = sparkRegistry,
  opts: { pool?: boolean } = {},
): FakeThreads {
  const idle: ThreadPort[] = [];
  const rng = Rng.seeded(seed);
  const queues: { port: ThreadPort; answers: FromThread[] }[] = [];
  let created = 0;
  let pumping = false;
  const posted: Record<string, number> = {};
  const pump = () => {
    pumping = false;
    for (;;) {
      const ready = queues.filter((q) => q.answers.length > 0);
      if (ready.length === 0) return;
      const q = ready[Math.floor(rng.next() * ready.length)];
      q.port.onmessage(q.answers.shift() as FromThread);
    }
  };
  const factory: ThreadFactory = () => {
    const reused = idle.pop();
    if (reused) return reused;
    created++;
    const thread = new DaemonThread(registry);
    let dead = false;
    const entry = { port: undefined as unknown as ThreadPort, answers: [] as FromThread[] };
    entry.port = {
      post(m: ToThread) {
        if (dead) return;
        posted[m.t] = (posted[m.t] ?? 0) + 1;
        const answer = thread.receive(m);
        if (!answer) return;
        entry.answers.push(answer);
        if (!pumping) {
          pumping = true;
          queueMicrotask(pump);
        }
      },
      terminate() {
        dead = true;
        entry.answers = [];
        queues.splice(queues.indexOf(entry), 1);
      },
      onmessage: () => undefined,
      onerror: () => undefined,
      ...(opts.pool ? { release: () => void idle.push(entry.port) } : {}),
    };
    queues.push(entry);
    return entry.port;
  };
  return { factory, created: () => created, alive: () => queues.length, posted, idle: () => idle.length };
}
