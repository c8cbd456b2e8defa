/**
 * Seeded randomness. One scenario seed fans out into independent, named streams (one per purpose:
 * a link's latency, a link's loss, a daemon's own draws), so a draw made for one purpose never
 * shifts the draws of another. Built on pure-rand's xoroshiro128+, whose state can be saved and
 * restored exactly for checkpoints.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** FNV-1a over the UTF-16 code units of `text`, mixed with `seed`: a stable 32-bit stream id. */
export function streamSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ (seed | 0)) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Fold the high part of large seeds in too, so seeds differing only above 2^32 still differ.
  h ^= Math.floor(seed / 0x100000000) | 0;
  return h | 0;
}

export class Rng {
  private constructor(private readonly gen: JumpableRandomGenerator) {}

  static seeded(seed: number): Rng {
    return new Rng(xoroshiro128plus(seed | 0));
  }

  /** The stream called `name` under the scenario seed `seed`. */
  static stream(seed: number, name: string): Rng {
    return Rng.seeded(streamSeed(seed, name));
  }

  static fromState(state: readonly number[]): Rng {
    return new Rng(xoroshiro128plusFromState(state));
  }

  /** A float in [0, 1). */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  state(): number[] {
    return [...this.gen.getState()];
  }

  /** Fisher–Yates shuffle into a new array. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }
}

/**
 * Counter-based randomness: draw number `n` of the stream `seed` as a pure function, so a stream's
 * whole state is its counter. Two rounds of the murmur3 finalizer over (seed, n) give 53 bits.
 * Used for per-link draws, where thousands of streams would otherwise each need saved state.
 */
export function unitAt(seed: number, n: number): number {
  const hi = fmix32((seed ^ Math.imul(n, 0x9e3779b1)) >>> 0);
  const lo = fmix32((hi ^ Math.imul(n + 0x632be5ab, 0x85ebca6b) ^ seed) >>> 0);
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
