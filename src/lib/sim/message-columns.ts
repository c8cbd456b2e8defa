/**
 * Messages kept by value instead of as objects: the trace store's payload column.
 *
 * A session keeps every message it ever sent. Kept as objects, they are most of what the garbage
 * collector has to mark and move (in the kernel benchmark, two objects of every three events).
 * Most messages are flat: a `type` and a few strings, numbers and booleans. A flat message is
 * written here as its shape (its keys and the type of each value, interned once per shape) and
 * its values, one float each, in chunks of a fixed size (a message never straddles two); strings
 * go in as their codes in the store's string table. A message with a nested object or array is
 * not flat: the store keeps that one as it is.
 *
 * A message sent again with the same values (a worker's heartbeat, every ten seconds) is not
 * written again: a small table of recent messages, by a hash of their values, hands out the place
 * of the first. The table is bounded (it forgets on collision), so a run of all-different messages
 * costs it nothing but the look.
 *
 * `read` builds a fresh object with the same keys in the same order and the same values, so the
 * canonical JSON (and the trace's hash) of a rebuilt message is the original's.
 */

/** The store's string table: codes for strings, and strings for codes. */
export interface Interner {
  code(s: string): number;
  str(c: number): string;
}

/** How a value is written: a number as it is, a string as its code, a boolean as 0 or 1. */
const NUM = 0;
const STR = 1;
const BOOL = 2;
/** Values with no payload (null, undefined): only their type is kept, in the shape. */
const NONE = 3;

/** Slots of the table of recent messages (a power of 2). */
const RECENT = 1 << 13;

interface TypeShapes {
  code: number;
  shapes: Shape[];
}

interface Shape {
  id: number;
  keys: string[];
  /** Per key, what `typeof` says of its value ('object' only for null). */
  typeofs: string[];
  writes: number[];
  /** Per key, the last string written there and its code (most repeat: the type, a worker's id). */
  lastString: (string | undefined)[];
  lastCode: number[];
}

function writeOf(t: string): number {
  return t === 'number' ? NUM : t === 'string' ? STR : t === 'boolean' ? BOOL : NONE;
}

/** Whether a value can be written by value, and how `typeof` names it. */
function flatTypeof(v: unknown): string | undefined {
  const t = typeof v;
  if (t === 'number' || t === 'string' || t === 'boolean' || t === 'undefined') return t;
  return v === null ? 'object' : undefined;
}

export class MessageColumns {
  private shapes: Shape[] = [];
  /** For each message type: the code of its name, and the shapes seen so far. */
  private byType = new Map<string, TypeShapes>();
  /** The last type looked up (a lookup saved for runs of one type). */
  private lastType = '';
  private lastTypeShapes: TypeShapes | undefined;
  /** Values by chunk; a message's position is `chunk << bits | offset`. */
  private chunks: Float64Array[] = [];
  private readonly bits: number;
  /** Where the next message's values begin. */
  private n = 0;
  /** Recent messages by a hash of their values: where each begins, and its shape (-1: empty). */
  private recentAt = new Int32Array(RECENT);
  private recentShape = new Int32Array(RECENT).fill(-1);

  /** `chunkBits`: each chunk holds 2^chunkBits values. */
  constructor(
    private readonly strings: Interner,
    chunkBits = 15,
  ) {
    this.bits = chunkBits;
  }

  /** The shape of the message `write` last wrote, and the code of its type. */
  lastShape = -1;
  lastTypeCode = -1;

  /**
   * Writes a flat message and returns where its values begin (its shape is then `lastShape`), or
   * -1 (nothing written) when the message is not flat. Either way, when `msg.type` is a string,
   * `lastTypeCode` is its code afterwards.
   */
  write(msg: object): number {
    const m = msg as Record<string, unknown>;
    const type = m.type;
    if (typeof type !== 'string') return -1;
    let known = type === this.lastType ? this.lastTypeShapes : this.byType.get(type);
    if (known === undefined) {
      known = { code: this.strings.code(type), shapes: [] };
      this.byType.set(type, known);
    }
    this.lastType = type;
    this.lastTypeShapes = known;
    this.lastTypeCode = known.code;
    const shapes = known.shapes;
    for (let s = 0; s < shapes.length; s++) {
      const at = this.fill(shapes[s], m);
      if (at >= 0) return at;
    }
    const shape = this.make(m);
    if (shape === undefined) return -1;
    shapes.push(shape);
    return this.fill(shape, m);
  }

  /** Writes `m` with `shape` and returns where it begins, or -1 when `m` is not of that shape. */
  private fill(shape: Shape, m: Record<string, unknown>): number {
    const keys = shape.keys;
    const n = keys.length;
    const size = 1 << this.bits;
    if (n > size) return -1;
    let at = this.n;
    let off = at & (size - 1);
    if (off + n > size) {
      at += size - off;
      off = 0;
    }
    const c = at >> this.bits;
    if (c === this.chunks.length) this.chunks.push(new Float64Array(size));
    const vals = this.chunks[c];
    let k = 0;
    for (const key in m) {
      if (k === n || key !== keys[k]) return -1;
      const v = m[key];
      const t = shape.typeofs[k];
      if (typeof v !== t) return -1;
      switch (shape.writes[k]) {
        case NUM:
          vals[off + k] = v as number;
          break;
        case STR:
          if (v === shape.lastString[k]) vals[off + k] = shape.lastCode[k];
          else {
            const code = this.strings.code(v as string);
            shape.lastString[k] = v as string;
            shape.lastCode[k] = code;
            vals[off + k] = code;
          }
          break;
        case BOOL:
          vals[off + k] = v ? 1 : 0;
          break;
        default:
          if (t === 'object' && v !== null) return -1;
          vals[off + k] = 0;
      }
      k++;
    }
    if (k !== n || Object.getPrototypeOf(m) !== Object.prototype) return -1;
    this.lastShape = shape.id;
    // The same values written before (and not forgotten since) are handed out again.
    let h = shape.id;
    for (k = 0; k < n; k++) {
      const v = vals[off + k];
      h = Math.imul(h ^ (v | 0) ^ ((v * 4096) | 0), 0x01000193);
    }
    const slot = (h ^ (h >>> 13)) & (RECENT - 1);
    if (this.recentShape[slot] === shape.id) {
      const before = this.recentAt[slot];
      const old = this.chunks[before >> this.bits];
      const o = before & (size - 1);
      k = 0;
      while (k < n && Object.is(old[o + k], vals[off + k])) k++;
      if (k === n) return before;
    }
    this.recentShape[slot] = shape.id;
    this.recentAt[slot] = at;
    this.n = at + n;
    return at;
  }

  /** Where the next message will begin: what `truncate` takes to forget every message after. */
  get end(): number {
    return this.n;
  }

  /** Where the message of shape `shape` that begins at `at` ends. */
  endOf(shape: number, at: number): number {
    return at + this.shapes[shape].keys.length;
  }

  /** Rebuilds the message of shape `shape` whose values begin at `at`. */
  read(shape: number, at: number): Record<string, unknown> {
    const { keys, typeofs, writes } = this.shapes[shape];
    const vals = this.chunks[at >> this.bits];
    const off = at & ((1 << this.bits) - 1);
    const out: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      const v = vals[off + k];
      switch (writes[k]) {
        case NUM:
          out[keys[k]] = v;
          break;
        case STR:
          out[keys[k]] = this.strings.str(v);
          break;
        case BOOL:
          out[keys[k]] = v === 1;
          break;
        default:
          out[keys[k]] = typeofs[k] === 'object' ? null : undefined;
      }
    }
    return out;
  }

  /** Forgets every message from position `at` on (the store cut its trace there). */
  truncate(at: number): void {
    if (at < this.n) this.n = at;
    this.recentShape.fill(-1);
  }

  /** A new shape for `m`, or undefined when `m` is not flat. */
  private make(m: Record<string, unknown>): Shape | undefined {
    if (Object.getPrototypeOf(m) !== Object.prototype) return undefined;
    const keys: string[] = [];
    const typeofs: string[] = [];
    for (const key of Object.keys(m)) {
      const t = flatTypeof(m[key]);
      // A key named __proto__ would set the prototype when rebuilt: such a message stays whole.
      if (t === undefined || key === '__proto__') return undefined;
      keys.push(key);
      typeofs.push(t);
    }
    const shape: Shape = {
      id: this.shapes.length,
      keys,
      typeofs,
      writes: typeofs.map(writeOf),
      lastString: keys.map(() => undefined),
      lastCode: keys.map(() => -1),
    };
    this.shapes.push(shape);
    return shape;
  }
}
