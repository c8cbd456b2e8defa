/**
 * One daemon thread on its own: what a seek asks of it (restores, replays) is done only when a
 * daemon is needed, and a snapshot the host already has does not cross again.
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
const replay = (id: string, times: number): ToThread => ({
  t: 'replay',
  packed: { [id]: JSON.stringify(Array.from({ length: times }, (_, i) => [tick, i])) },
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

  it('restores and replays a daemon only when something needs it', () => {
    const thread = new DaemonThread({ counter });
    built = 0;
    thread.receive({ t: 'restore', id: 'a', kind: 'counter', init: init('a'), snap: packed(10) });
    thread.receive({ t: 'restore', id: 'b', kind: 'counter', init: init('b'), snap: packed(20) });
    thread.receive(replay('a', 3));
    thread.receive(replay('b', 2));
    expect(built).toBe(0);
    expect(thread.size).toBe(2);
    // Asking for `a` rebuilds `a` alone, with its replays, in order.
    const snaps = snapshots(thread, ['a']);
    expect(JSON.parse(snaps.a as string).actor).toEqual({ n: 13 });
    expect(built).toBe(1);
    // An input for `b` first brings `b` up to date.
    const r = thread.receive({ t: 'handle', rid: 2, items: [{ id: 'b', input: tick, now: 5 }] });
    expect(r).toMatchObject({ t: 'handled', results: [{ ops: [] }] });
    expect(JSON.parse(snapshots(thread, ['b']).b as string).actor).toEqual({ n: 23 });
    expect(built).toBe(2);
  });

  it('drops the pending work of a daemon that a later seek restores again', () => {
    const thread = new DaemonThread({ counter });
    built = 0;
    thread.receive({ t: 'restore', id: 'a', kind: 'counter', init: init('a'), snap: packed(10) });
    thread.receive(replay('a', 1000));
    thread.receive({ t: 'restore', id: 'a', kind: 'counter', init: init('a'), snap: packed(50) });
    thread.receive(replay('a', 1));
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

  it('a daemon dropped or stopped while work is pending is gone, pending work and all', () => {
    const thread = new DaemonThread({ counter });
    thread.receive({ t: 'restore', id: 'a', kind: 'counter', init: init('a'), snap: packed(1) });
    thread.receive(replay('a', 2));
    thread.receive({ t: 'drop', id: 'a' });
    expect(thread.size).toBe(0);
    expect(snapshots(thread, ['a'])).toEqual({});
    thread.receive({ t: 'restore', id: 'b', kind: 'counter', init: init('b'), snap: packed(1) });
    thread.receive(replay('b', 2));
    const stopped = thread.receive({ t: 'stop', rid: 3, id: 'b' });
    expect(stopped).toEqual({ rid: 3, t: 'stopped', snap: { n: 3 } });
    expect(thread.size).toBe(0);
  });
});
