/**
 * A request/answer lane in shared memory beside a daemon thread's postMessage port, used where the
 * page is cross-origin isolated (SharedArrayBuffer is available).
 *
 * Why: a postMessage round trip wakes the thread's event loop and then the page's, and costs
 * 60–80 µs on a 2-core machine; lockstep makes one per batch of inputs. Through shared memory the
 * thread waits in `Atomics.wait` and the host spins for the answer: measured in the page, a round
 * trip costs 20–40 µs with the JSON on both sides.
 *
 * Order: a request written here is answered only after every message posted before it, and before
 * any posted after it. The host counts its posts (`posted`) and tags each request with that count;
 * the thread serves a request once it has handled that many posts, and before it handles the next
 * post (`ThreadLane.beforePost`). A thread idle in `Atomics.wait` wakes on every post and request.
 *
 * Layout: a header of int32 words, then the request bytes, then the answer bytes (UTF-8 JSON).
 * A text too big for its region goes by postMessage instead (an answer says so with length -1).
 *
 * Pure: SharedArrayBuffer, Atomics and TextEncoder exist in the page, in Web Workers and in Node.
 */

/** Bumped by the host on every post and request: the word an idle thread waits on. */
const BELL = 0;
/** Messages the host has posted. */
const POSTED = 1;
/** Requests written, and answers written (the thread answers in order, one at a time). */
const REQUESTS = 2;
const ANSWERS = 3;
const REQUEST_LENGTH = 4;
/** Posts the host had sent before the pending request. */
const REQUEST_AFTER = 5;
/** Byte length of the answer, or -1 when it went by postMessage. */
const ANSWER_LENGTH = 6;
/** 1 while the thread sleeps in `Atomics.wait` (a wake-up is a system call: only then is one made). */
const THREAD_SLEEPS = 7;
/** 1 while the host waits for an answer asynchronously (the same for the other way). */
const HOST_WAITS = 8;
const HEADER_BYTES = 64;

/**
 * Each region's size: a batch of 512 inputs fits many times over; a bigger text (the snapshots of a
 * cluster of hundreds, at a checkpoint) goes by postMessage.
 */
export const REGION_BYTES = 1 << 20;

/**
 * How long an idle thread spins before it sleeps. Short, because on a machine with as many threads
 * as cores a spinning thread takes a core from one with work to do (measured: 30–60 µs did best on
 * 2 cores with 2 threads; 200–400 µs did worse).
 */
export const THREAD_SPIN_MS = 0.05;

/** Whether this context can share memory with its threads. */
export function canShareMemory(): boolean {
  return (
    typeof SharedArrayBuffer !== 'undefined' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true
  );
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Spins until `done()` (true) or for `ms` (false), checking the clock only now and then; `stop()`
 * is checked as often and ends the spin early (false).
 */
function spin(ms: number, done: () => boolean, stop?: () => boolean): boolean {
  let deadline = 0;
  for (let spins = 1; !done(); spins++) {
    if ((spins & 255) !== 0) continue;
    if (stop?.()) return false;
    const now = performance.now();
    if (deadline === 0) deadline = now + ms;
    else if (now > deadline) return false;
  }
  return true;
}

/** Where texts are encoded before they are copied in (encoders will not write to shared views). */
let scratch = new Uint8Array(4096);

/** Writes `text` into `into`; the byte length, or -1 if it does not fit. */
function write(text: string, into: Uint8Array): number {
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit.
  if (text.length > into.length) return -1;
  if (scratch.length < text.length * 3) scratch = new Uint8Array(Math.min(into.length, text.length * 3));
  const r = encoder.encodeInto(text, scratch);
  if (r.read !== text.length || r.written > into.length) return -1;
  into.set(scratch.subarray(0, r.written));
  return r.written;
}

/** Reads a text out of shared memory (decoders will not read shared views, so it is copied first). */
function read(from: Uint8Array, length: number): string {
  return decoder.decode(from.slice(0, length));
}

/** What both ends see of the buffer: the header's words and the two regions. */
abstract class Lane {
  protected readonly words: Int32Array;
  protected readonly requests: Uint8Array;
  protected readonly answers: Uint8Array;

  constructor(readonly sab: SharedArrayBuffer) {
    const size = (sab.byteLength - HEADER_BYTES) / 2;
    this.words = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.requests = new Uint8Array(sab, HEADER_BYTES, size);
    this.answers = new Uint8Array(sab, HEADER_BYTES + size, size);
  }
}

/** The host's end: posts are counted, requests written, answers read as they come. */
export class HostLane extends Lane {
  private written = 0;
  private taken = 0;
  /** An async wait for the next answer is armed. */
  private watching = false;

  constructor(
    /** Called with each answer text that came through shared memory. */
    private readonly onAnswer: (text: string) => void,
    regionBytes = REGION_BYTES,
  ) {
    super(new SharedArrayBuffer(HEADER_BYTES + 2 * regionBytes));
  }

  /** Requests whose answer has not been read. */
  get pending(): number {
    return this.written - this.taken;
  }

  /** Call after each postMessage to the thread. */
  posted(): void {
    Atomics.add(this.words, POSTED, 1);
    this.ring();
  }

  /**
   * Writes a request. False if it does not fit or another is out: post it instead, it keeps its
   * place in the order all the same.
   */
  request(text: string): boolean {
    if (this.pending > 0) return false;
    const length = write(text, this.requests);
    if (length < 0) return false;
    Atomics.store(this.words, REQUEST_LENGTH, length);
    Atomics.store(this.words, REQUEST_AFTER, Atomics.load(this.words, POSTED));
    Atomics.store(this.words, REQUESTS, ++this.written);
    this.ring();
    return true;
  }

  /**
   * Reads the answers that are in, spinning up to `spinMs` for the rest. True when none is left.
   * (The page's main thread may not block in `Atomics.wait`; a short spin costs less than a trip
   * through its event loop.)
   */
  pump(spinMs: number, dead?: () => boolean): boolean {
    return spin(
      spinMs,
      () => {
        while (Atomics.load(this.words, ANSWERS) > this.taken) {
          const length = Atomics.load(this.words, ANSWER_LENGTH);
          const text = length >= 0 ? read(this.answers, length) : null;
          this.taken++;
          if (text !== null) this.onAnswer(text);
        }
        return this.pending === 0;
      },
      dead,
    );
  }

  /** Reads answers as they come without blocking, until none is pending (after a spin gave up). */
  watch(dead: () => boolean): void {
    if (this.watching || this.pending === 0 || dead()) return;
    this.watching = true;
    const again = () => {
      this.watching = false;
      Atomics.store(this.words, HOST_WAITS, 0);
      if (dead()) return;
      if (!this.pump(0, dead)) this.watch(dead);
    };
    const waitAsync = (Atomics as { waitAsync?: typeof Atomics.waitAsync }).waitAsync;
    Atomics.store(this.words, HOST_WAITS, 1);
    const w = waitAsync?.(this.words, ANSWERS, this.taken);
    if (w?.async) void w.value.then(again);
    else setTimeout(again, w ? 0 : 1);
  }

  private ring(): void {
    Atomics.add(this.words, BELL, 1);
    if (Atomics.load(this.words, THREAD_SLEEPS) === 1) Atomics.notify(this.words, BELL);
  }
}

/** The thread's end: serves requests in their place among the posts, sleeps when idle. */
export class ThreadLane extends Lane {
  /** Posts handled (the one that set up this lane included). */
  private handled: number;
  private served = 0;

  constructor(
    sab: SharedArrayBuffer,
    /** Serves one request text; returns the answer text. */
    private readonly serve: (text: string) => string,
    /** Sends an answer that does not fit by postMessage. */
    private readonly postAnswer: (text: string) => void,
    /** Posts handled before this lane was set up (the message that carried it included). */
    handledSoFar: number,
    /** How long to spin for the next request before sleeping. */
    private readonly spinMs = THREAD_SPIN_MS,
  ) {
    super(sab);
    this.handled = handledSoFar;
  }

  /** Before handling a post: serves the requests written before it. */
  beforePost(): void {
    this.serveReady();
  }

  /** After handling a post: serves requests and sleeps until a post is due (then returns). */
  afterPost(): void {
    this.handled++;
    this.idle();
  }

  /** Counts a post whose handling failed (the thread reports the error instead of sleeping). */
  count(): void {
    this.handled++;
  }

  /** Serves what is due and waits for more; returns when the event loop has a post to deliver. */
  idle(): void {
    for (;;) {
      const bell = Atomics.load(this.words, BELL);
      if (this.serveReady()) continue;
      if (Atomics.load(this.words, POSTED) > this.handled) return;
      // The host's next request often follows within tens of µs (its kernel commits the answer
      // and predicts the next batch): waking from Atomics.wait costs more than that in a VM.
      if (this.spinMs > 0 && spin(this.spinMs, () => Atomics.load(this.words, BELL) !== bell)) continue;
      Atomics.store(this.words, THREAD_SLEEPS, 1);
      if (Atomics.load(this.words, BELL) === bell) Atomics.wait(this.words, BELL, bell);
      Atomics.store(this.words, THREAD_SLEEPS, 0);
    }
  }

  /** Serves the pending request if its posts are in; true if it served one. */
  private serveReady(): boolean {
    if (Atomics.load(this.words, REQUESTS) <= this.served) return false;
    if (Atomics.load(this.words, REQUEST_AFTER) > this.handled) return false;
    const text = read(this.requests, Atomics.load(this.words, REQUEST_LENGTH));
    const answer = this.serve(text);
    let length = write(answer, this.answers);
    if (length < 0) {
      this.postAnswer(answer);
      length = -1;
    }
    Atomics.store(this.words, ANSWER_LENGTH, length);
    Atomics.store(this.words, ANSWERS, ++this.served);
    if (Atomics.load(this.words, HOST_WAITS) === 1) Atomics.notify(this.words, ANSWERS);
    return true;
  }
}
