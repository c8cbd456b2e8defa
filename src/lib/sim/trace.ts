/**
 * The trace: the recorded run. Canonical serialization (sorted keys, no whitespace, one event per
 * line) and a stable content hash (SHA-256 of that text, hex). Two runs are the same run exactly
 * when their hashes are equal, whatever machine, thread or runtime produced them.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { configure } from 'safe-stable-stringify';
import type { EventList, TraceEvent } from './types';

/** Deterministic JSON: keys sorted, `undefined` dropped, no cycles allowed. */
export const canonicalJson = configure({ deterministic: true, circularValue: Error, bigint: false }) as (
  value: unknown,
) => string;

const encoder = new TextEncoder();

/** Lines are hashed in batches of about this many UTF-16 units: one encoding and one update each. */
const BATCH = 1 << 16;

/** Incremental SHA-256 over the canonical lines of a growing trace. */
export class TraceHasher {
  private h = sha256.create();
  private count = 0;
  /** Reused for every batch's UTF-8 (no buffer a line: millions of them are garbage for the page). */
  private bytes = new Uint8Array(0);

  /** Feeds events `[count, events.length)` and returns the hex digest of all of them. */
  digest(events: EventList): string {
    this.feed(events, events.length);
    return bytesToHex(this.h.clone().digest());
  }

  /** Feeds at most `max` of the events not hashed yet; returns how many are still left. */
  feed(events: EventList, max: number): number {
    if (events.length < this.count) this.reset();
    const end = Math.min(events.length, this.count + max);
    let batch = '';
    for (let i = this.count; i < end; i++) {
      batch += canonicalJson(events.at(i)) + '\n';
      if (batch.length >= BATCH) {
        this.update(batch);
        batch = '';
      }
    }
    if (batch) this.update(batch);
    this.count = end;
    return events.length - end;
  }

  private update(text: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8.
    if (this.bytes.length < text.length * 3) this.bytes = new Uint8Array(Math.max(BATCH, text.length) * 3);
    const { written } = encoder.encodeInto(text, this.bytes);
    this.h.update(this.bytes.subarray(0, written));
  }

  /** The digest, if every event is hashed already (null otherwise). */
  ready(events: EventList): string | null {
    return events.length === this.count ? bytesToHex(this.h.clone().digest()) : null;
  }

  reset(): void {
    this.h = sha256.create();
    this.count = 0;
  }
}

export function hashTrace(events: EventList): string {
  return new TraceHasher().digest(events);
}

/** Serializes events as canonical JSON Lines. */
export function traceLines(events: Iterable<TraceEvent>): string {
  let out = '';
  for (const e of events) out += canonicalJson(e) + '\n';
  return out;
}
