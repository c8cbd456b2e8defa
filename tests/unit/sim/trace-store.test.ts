import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashTrace } from '../../../src/lib/sim/trace';
import { TraceStore } from '../../../src/lib/sim/trace-store';
import { EVENT_KINDS, type Effect, type TraceEvent } from '../../../src/lib/sim/types';

const name = fc.constantFrom('master-1', 'worker-1', 'worker-2', 'zk', 'RegisterWorker', 'Heartbeat', 'tick', '');
const num = fc.oneof(fc.integer({ min: 0, max: 1e7 }), fc.double({ min: 0, max: 1e7, noNaN: true }));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Messages of every kind the store meets: flat ones of a few shapes per type, and nested ones. */
const message = fc.oneof(
  fc.record({ type: name, n: fc.nat() }),
  // Few values: the same message is sent again and again (a worker's heartbeat).
  fc.record({ type: name, workerId: name, n: fc.constantFrom(0, -0, 1) }),
  fc.record(
    {
      type: name,
      workerId: name,
      cores: num,
      alive: fc.boolean(),
      lost: fc.constant(null),
      gone: fc.constant(undefined),
      text: fc.string(),
      neg: fc.constantFrom(-0, -1.5, Number.MAX_SAFE_INTEGER, 1e-300),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: name, app: fc.record({ name, cores: num }), ids: fc.array(name, { maxLength: 3 }) }),
);

const effect: fc.Arbitrary<Effect> = fc.oneof(
  fc.record({
    k: fc.constant('send' as const),
    id: fc.oneof(fc.nat(), fc.constantFrom(-3, 2 ** 32, 0.5)),
    to: fc.option(name, { nil: null }),
    addr: name,
    msg: message,
    mode: fc.constantFrom('send' as const, 'ask' as const, 'reply' as const),
    at: num,
  }),
  fc.record(
    { k: fc.constant('timer-set' as const), node: name, key: name, name, at: num, period: num },
    { requiredKeys: ['k', 'node', 'key', 'name', 'at'] },
  ),
  fc.record({ k: fc.constant('timer-cancel' as const), node: name, key: name, name }),
  fc.record({
    k: fc.constant('log' as const),
    node: name,
    level: fc.constantFrom('INFO' as const, 'WARN' as const, 'ERROR' as const),
    logger: name,
    text: fc.string(),
  }),
  fc.record({ k: fc.constant('state' as const), node: name, machine: name, from: name, to: name }),
  fc.record({
    k: fc.constant('handler' as const),
    node: name,
    ref: fc.record({ file: name, method: name, case: name }, { requiredKeys: ['file', 'method'] }),
  }),
  fc.record({
    k: fc.constant('drop' as const),
    id: fc.nat(),
    from: name,
    to: fc.option(name, { nil: null }),
    msg: name,
    reason: fc.constantFrom('target down' as const, 'partitioned' as const, 'lost' as const),
  }),
  fc.record({ k: fc.constant('down' as const), node: name, reason: fc.string() }),
  fc.record({ k: fc.constant('violation' as const), node: name, rule: name, text: fc.string() }),
  fc.record({
    k: fc.constant('store' as const),
    node: name,
    mount: name,
    key: name,
    op: fc.constantFrom('put' as const, 'delete' as const),
  }),
);

/** Events without their index; `i` is given when they are numbered. */
const eventBody = fc.record(
  {
    t: num,
    kind: fc.constantFrom(...EVENT_KINDS),
    node: name,
    from: opt(name),
    // Ids the kernel makes, and others a run file or a log may hold.
    id: opt(fc.oneof(fc.nat(), fc.constantFrom(-1, -2, 2 ** 31, 2.5, Number.NaN))),
    msg: opt(name),
    key: opt(name),
    name: opt(name),
    reason: opt(fc.string()),
    fault: opt(fc.record({ action: fc.constant('kill' as const), target: name })),
    fx: fc.array(effect, { maxLength: 5 }),
  },
  { requiredKeys: ['t', 'kind', 'node', 'fx'] },
);

const numbered = (bodies: Omit<TraceEvent, 'i'>[]): TraceEvent[] => bodies.map((b, i) => ({ i, ...b }) as TraceEvent);

describe('TraceStore', () => {
  it('gives back every event it was given, field for field and byte for byte', () => {
    fc.assert(
      fc.property(fc.array(eventBody, { maxLength: 40 }), (bodies) => {
        const events = numbered(bodies as Omit<TraceEvent, 'i'>[]);
        // Chunks of 4 events (and 16 message values), so that runs cross many chunk boundaries.
        const store = new TraceStore(2);
        for (const e of events) store.push(structuredClone(e));
        expect(store.length).toBe(events.length);
        for (const e of events) {
          const back = store.at(e.i) as TraceEvent;
          expect(canonicalJson(back)).toBe(canonicalJson(e));
          expect(store.time(e.i)).toBe(e.t);
          expect(store.kindOf(e.i)).toBe(e.kind);
          expect(store.nodeOf(e.i)).toBe(e.node);
          expect(store.msgOf(e.i)).toBe(e.msg);
        }
        expect(hashTrace(store)).toBe(hashTrace(events));
        expect([...store].map((e) => canonicalJson(e))).toEqual(events.map((e) => canonicalJson(e)));
      }),
    );
  });

  it('cuts the future and records a different one in its place', () => {
    fc.assert(
      fc.property(
        fc.array(eventBody, { minLength: 1, maxLength: 30 }),
        fc.array(eventBody, { maxLength: 30 }),
        fc.nat(),
        (first, second, cutAt) => {
          const a = numbered(first as Omit<TraceEvent, 'i'>[]);
          const cut = cutAt % (a.length + 1);
          const store = new TraceStore(2);
          for (const e of a) store.push(structuredClone(e));
          store.truncate(cut);
          const b = numbered([...a.slice(0, cut), ...(second as Omit<TraceEvent, 'i'>[])]);
          for (const e of b.slice(cut)) store.push(structuredClone(e));
          expect(store.slice().map((e) => canonicalJson(e))).toEqual(b.map((e) => canonicalJson(e)));
        },
      ),
    );
  });

  it('reads like an array: negative and out-of-range indexes, slices', () => {
    const store = new TraceStore();
    const events = numbered([
      { t: 1, kind: 'start', node: 'a', fx: [] },
      { t: 2, kind: 'timer', node: 'a', key: 'tick', name: 'Tick', fx: [] },
      { t: 5, kind: 'deliver', node: 'b', from: 'a', id: 0, msg: 'Ping', fx: [] },
    ]);
    for (const e of events) store.push(e);
    expect(store.at(-1)?.msg).toBe('Ping');
    expect(store.at(3)).toBeUndefined();
    expect(store.at(-4)).toBeUndefined();
    expect(store.slice(1).map((e) => e.i)).toEqual([1, 2]);
    expect(store.slice(-2, -1).map((e) => e.i)).toEqual([1]);
    expect([0, 1, 2, 3, 9].map((n) => store.timeBefore(n))).toEqual([0, 1, 2, 5, 5]);
    expect(() => store.push({ i: 7, t: 6, kind: 'start', node: 'c', fx: [] })).toThrow(/recorded at index 3/);
    store.truncate(-5);
    expect(store.length).toBe(0);
    expect(store.at(0)).toBeUndefined();
  });

  it('keeps flat messages by value, with their keys in order and their types exact', () => {
    const store = new TraceStore(1);
    const msgs = [
      { type: 'Heartbeat', workerId: 'worker-1', worker: 'spark://w1:7078' },
      { type: 'Heartbeat', workerId: 'worker-2', worker: 'spark://w2:7078' },
      {
        type: 'ExecutorStateChanged',
        appId: 'app-1',
        execId: 0,
        state: 'EXITED',
        message: null,
        exitStatus: undefined,
      },
      { type: 'Flags', on: true, off: false, zero: -0, big: 2 ** 53 - 1 },
      { type: 'Heartbeat', workerId: 'worker-1' },
      { type: 'LaunchExecutor', appDesc: { name: 'pi', cores: 2 } },
    ];
    msgs.forEach((msg, i) =>
      store.push({
        i,
        t: i,
        kind: 'timer',
        node: 'a',
        fx: [{ k: 'send', id: i, to: 'b', addr: 'b:1', msg, mode: 'send', at: i + 2 }],
      }),
    );
    msgs.forEach((msg, i) => {
      const fx = store.at(i)?.fx[0] as Extract<Effect, { k: 'send' }>;
      expect(Object.keys(fx.msg)).toEqual(Object.keys(msg));
      expect(Object.is((fx.msg as { zero?: number }).zero, (msg as { zero?: number }).zero)).toBe(true);
      expect(fx.msg).toStrictEqual(msg);
      // Flat messages are rebuilt from their values; a nested one is kept as it was sent (messages
      // are never changed once sent: the kernel hands the same object to the receiver).
      if (i < 5) expect(fx.msg).not.toBe(msg);
      else expect(fx.msg).toBe(msg);
    });
  });

  it('writes a message sent again once, keeps 0 and -0 apart, and forgets only what a cut forgets', () => {
    const sent = (i: number, msg: object): TraceEvent => ({
      i,
      t: i,
      kind: 'timer',
      node: 'a',
      fx: [{ k: 'send', id: i, to: 'b', addr: 'b:1', msg: msg as never, mode: 'send', at: i + 1 }],
    });
    const beat = (w: number, n: number) => ({ type: 'Heartbeat', workerId: `worker-${w}`, n });
    const bytes = (s: TraceStore) => (s as unknown as { messages: { end: number } }).messages.end;
    const store = new TraceStore(2);
    const msgs = [beat(1, 0), beat(2, 0), beat(1, 0), beat(1, -0), beat(2, 0), beat(1, -0)];
    msgs.forEach((msg, i) => store.push(sent(i, msg)));
    // Three different messages: 0 and -0 are different values.
    expect(bytes(store)).toBe(3 * 3);
    const msgAt = (i: number) => (store.at(i)?.fx[0] as Extract<Effect, { k: 'send' }>).msg as unknown as { n: number };
    msgs.forEach((msg, i) => {
      expect(msgAt(i)).toStrictEqual(msg);
      expect(Object.is(msgAt(i).n, msg.n)).toBe(true);
    });
    // Cut after event 2 (which shares event 0's message), then send new ones: the kept stay.
    store.truncate(3);
    expect(bytes(store)).toBe(2 * 3);
    const more = [beat(3, 7), beat(1, -0), beat(1, 0)];
    more.forEach((msg, k) => store.push(sent(3 + k, msg)));
    [...msgs.slice(0, 3), ...more].forEach((msg, i) => {
      expect(msgAt(i)).toStrictEqual(msg);
      expect(Object.is(msgAt(i).n, msg.n)).toBe(true);
    });
  });

  it('keeps no link to the objects it was given, and hands out copies', () => {
    const store = new TraceStore();
    const e: TraceEvent = {
      i: 0,
      t: 0,
      kind: 'fault',
      node: 'a',
      fx: [{ k: 'down', node: 'a', reason: 'killed' }],
    };
    store.push(e);
    e.fx.push({ k: 'down', node: 'b', reason: 'later' });
    const got = store.at(0) as TraceEvent;
    expect(got.fx).toHaveLength(1);
    (got.fx[0] as { reason: string }).reason = 'changed by a reader';
    expect(store.at(0)?.fx[0]).toEqual({ k: 'down', node: 'a', reason: 'killed' });
  });
});
