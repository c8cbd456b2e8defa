/**
 * One daemon thread on its own: what a seek asks of it (restores) is done only when a daemon is
 * needed, and a snapshot the host already has does not cross again.
 */
import { describe, expect, it } from 'vitest';
import { DaemonThread } from '../../../src/lib/runtime/daemon-thread';
import type { FromThread, ToThread } from '../../../src/lib/runtime/protocol';
import type { ActorInit, ActorKind } from '../../../src/lib/sim/actor';
import type { Input } from '../../../src/lib/sim/types';

/** Counts the timers it handled; `built` counts the actors made, to see what a restore costs. */
let built = 0;
const counter: ActorKind<null> = {
  create: () => counterActor(0),
  restore: (_init, snap) => counterActor((snap as { n: number }).n),
};
function counterActor(start: number) {
  built++;
  let n = start;
  return {
    handle: () => void n++,
    snapshot: () => ({ n }),
  };
}

const init = (id: string): ActorInit<null> => ({ id, address: `${id}:1`, incarnation: 0, seed: 1, params: null });
const tick: Input = { kind: 'timer', key: 't', name: 'Tick' };
const packed = (n: number) => JSON.stringify({ actor: { n }, rng: [1, 2, 3, 4] });
const ticks = (id: string, times: number): ToThread => ({
  t: 'handle',
  rid: 9,
  items: Array.from({ length: times }, (_, i) => ({ id, input: tick, now: i })),
});

function snapshots(thread: DaemonThread, ids: string[]) {
  const r = thread.receive({ t: 'snapshots', rid: 1, ids }) as Extract<FromThread, { t: 'snapshots' }>;
  return r.snaps;
}

describe('daemon thread', () => {
  it('a reset drops every daemon, spawned or restored, and what it knew of their snapshots', () => {
    const thread = new DaemonThread({ counter });
    thread.receive({ t: 'spawn', id: 'a', kind: 'counter', init: init('a') });
    thread.receive({ t: 'restore', id: 'b', kind: 'counter', init: init('b'), snap: packed(5) });
    expect(thread.size).toBe(2);
    expect(thread.receive({ t: 'reset', rid: 7 })).toEqual({ rid: 7, t: 'reset' });
    expect(thread.size).toBe(0);
    // The same name in the next run is a new daemon, and its snapshot crosses again.
    thread.receive({ t: 'restore', id: 'b', kind: 'counter', init: init('b'), snap: packed(5) });
    thread.receive({ t: 'reset', rid: 8 });
    thread.receive({ t: 'spawn', id: 'b', kind: 'counter', init: init('b') });
    expect(snapshots(thread, ['b'])).toEqual({ b: expect.stringContaining('"n":0') });
  });

  it('restores a daemon only when something needs it', () => {
    const thread = new DaemonThread({ counter });
    built = 0;
    thread.receive({ t: 'restore', id: 'a', kind: 'counter', init: init('a'), snap: packed(10) });
    thread.receive({ t: 'restore', id: 'b', kind: 'counter', init: init('b'), snap: packed(20) });
    expect(built).toBe(0);
    expect(thread.size).toBe(2);
    // Asking for `a` rebuilds `a` alone (its snapshot is the text the host sent: nothing crosses).
    expect(snapshots(thread, ['a'])).toEqual({ a: null });
    expect(built).toBe(1);
    // An input for `b` first restores `b`, then is handled.
    const r = thread.receive(ticks('b', 3));
    expect(r).toMatchObject({ t: 'handled', results: [{ ops: [] }, { ops: [] }, { ops: [] }] });
    expect(JSON.parse(snapshots(thread, ['b']).b as string).actor).toEqual({ n: 23 });
    expect(built).toBe(2);
  });

  it('a daemon that a later seek restores again is built once, from the last snapshot', () => {
    const thread = new DaemonThread({ counter });
    built = 0;
    thread.receive({ t: 'restore', id: 'a', kind: 'counter', init: init('a'), snap: packed(10) });
    thread.receive({ t: 'restore', id: 'a', kind: 'counter', init: init('a'), snap: packed(50) });
    thread.receive(ticks('a', 1));
    expect(JSON.parse(snapshots(thread, ['a']).a as string).actor).toEqual({ n: 51 });
    expect(built).toBe(1);
  });

  it('answers null for a snapshot the host already has, and the text when it changed', () => {
    const thread = new DaemonThread({ counter });
    thread.receive({ t: 'restore', id: 'a', kind: 'counter', init: init('a'), snap: packed(7) });
    // Restored from exactly this text: nothing to send.
    expect(snapshots(thread, ['a'])).toEqual({ a: null });
    thread.receive({ t: 'handle', rid: 2, items: [{ id: 'a', input: tick, now: 1 }] });
    const changed = snapshots(thread, ['a']).a;
    expect(JSON.parse(changed as string).actor).toEqual({ n: 8 });
    expect(snapshots(thread, ['a'])).toEqual({ a: null });
    // A spawned daemon's first snapshot is always sent.
    thread.receive({ t: 'spawn', id: 'c', kind: 'counter', init: init('c') });
    expect(typeof snapshots(thread, ['c']).c).toBe('string');
  });

  it('a daemon dropped or stopped before its restore was done is gone, restore and all', () => {
    const thread = new DaemonThread({ counter });
    thread.receive({ t: 'restore', id: 'a', kind: 'counter', init: init('a'), snap: packed(1) });
    thread.receive({ t: 'drop', id: 'a' });
    expect(thread.size).toBe(0);
    expect(snapshots(thread, ['a'])).toEqual({});
    thread.receive({ t: 'restore', id: 'b', kind: 'counter', init: init('b'), snap: packed(1) });
    const stopped = thread.receive({ t: 'stop', rid: 3, id: 'b' });
    expect(stopped).toEqual({ rid: 3, t: 'stopped', snap: { n: 1 } });
    expect(thread.size).toBe(0);
  });
});
