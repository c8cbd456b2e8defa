import { describe, expect, it } from 'vitest';
import { kinds, pingNode, sim } from './fixtures';
import type { TraceEvent } from '../../../src/lib/sim/types';

const fx = (events: Iterable<TraceEvent>, k: string) => [...events].flatMap((e) => e.fx.filter((f) => f.k === k));

describe('kernel: timers', () => {
  it('fires a fixed-rate timer at exact multiples of its period', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1'], period: 100 }), pingNode('b')]);
    s.runUntil(350);
    const fires = s.events
      .slice()
      .filter((e) => e.kind === 'timer')
      .map((e) => e.t);
    expect(fires).toEqual([100, 200, 300]);
    expect(s.now).toBe(350);
  });

  it('records timer-set with its due time and period', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1'], period: 40 }), pingNode('b')]);
    s.runUntil(0);
    expect(fx(s.events, 'timer-set')).toEqual([
      { k: 'timer-set', node: 'a', key: 'tick', name: 'Tick', at: 40, period: 40 },
    ]);
  });
});

describe('kernel: messages', () => {
  it('delivers after the link latency, FIFO per link, and ties break by send order', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1', 'c:1'], period: 10 }), pingNode('b'), pingNode('c')]);
    s.runUntil(30);
    expect(kinds(s.events)).toEqual([
      '0:start:a',
      '0:start:b',
      '0:start:c',
      '10:timer:a',
      '15:deliver:b:Ping',
      '20:timer:a',
      '20:deliver:a:Pong',
      '25:deliver:c:Ping',
      '30:timer:a',
      '30:deliver:a:Pong',
    ]);
  });

  it('never reorders messages on one link, whatever the latency draws', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1'], period: 1 }), pingNode('b', { log: true })], {
      network: { latency: { dist: 'uniform', min: 1, max: 50 }, loss: 0 },
    });
    s.runUntil(2000);
    const pings = s.events
      .slice()
      .filter((e) => e.kind === 'deliver' && e.msg === 'Ping')
      .map((e) => e.id as number);
    expect(pings.length).toBeGreaterThan(1900);
    expect(pings).toEqual([...pings].sort((x, y) => x - y));
  });

  it('matches a reply to its ask and times out an unanswered ask', () => {
    const { s, host } = sim([pingNode('a', { peers: ['b:1'], period: 100, askTimeout: 30 }), pingNode('b')], {
      faults: [{ at: 150, fault: { action: 'partition', groups: [['a'], ['b']] } }],
    });
    s.runUntil(260);
    const a = host.actor('a')?.snapshot() as { replies: number; failures: number };
    expect(a.replies).toBe(1); // the ask at 100 was answered
    expect(a.failures).toBe(1); // the ask at 200 was lost to the partition and timed out at 230
    const timeout = s.events.slice().find((e) => e.kind === 'ask-timeout');
    expect(timeout?.t).toBe(230);
    expect(s.events.slice().find((e) => e.kind === 'drop')?.reason).toBe('partitioned');
  });

  it('drops a message to a node that is down and tells the sender it could not connect', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1'], period: 100 }), pingNode('b', {}, 1000)]);
    s.runUntil(120);
    const drop = s.events.slice().find((e) => e.kind === 'drop');
    expect(drop).toMatchObject({ t: 105, node: 'b', from: 'a', msg: 'Ping', reason: 'target down' });
    expect(s.events.slice().find((e) => e.kind === 'send-failed')).toMatchObject({
      t: 110,
      node: 'a',
      reason: 'Failed to connect to b:1',
    });
  });

  it('drops messages to an unknown address', () => {
    const { s } = sim([pingNode('a', { peers: ['ghost:9'], period: 100 })]);
    s.runUntil(110);
    expect(s.events.slice().find((e) => e.kind === 'drop')?.reason).toBe('no such address');
  });
});

describe('kernel: partitions', () => {
  it('drops across a partition and delivers again once healed', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1'], period: 100 }), pingNode('b')], {
      faults: [
        { at: 150, fault: { action: 'partition', groups: [['a']] } },
        { at: 350, fault: { action: 'heal' } },
      ],
    });
    s.runUntil(500);
    const fates = s.events
      .slice()
      .filter((e) => e.msg === 'Ping')
      .map((e) => `${e.t}:${e.kind}`);
    expect(fates).toEqual(['105:deliver', '205:drop', '305:drop', '405:deliver']);
  });

  it('drops the next message on a link and delays a link', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1'], period: 100 }), pingNode('b')], {
      faults: [
        { at: 50, fault: { action: 'drop', from: 'a', to: 'b', count: 1 } },
        { at: 150, fault: { action: 'delay', from: 'a', to: 'b', extra: 40, duration: 100 } },
      ],
    });
    s.runUntil(400);
    const fates = s.events
      .slice()
      .filter((e) => e.msg === 'Ping')
      .map((e) => `${e.t}:${e.kind}:${e.reason ?? ''}`);
    expect(fates).toEqual(['105:drop:dropped by fault', '245:deliver:', '305:deliver:']);
  });
});

describe('kernel: crash, restart, pause', () => {
  it('records in-flight messages to a crashed node as dropped, with the reason', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1'], period: 100 }), pingNode('b')], {
      faults: [{ at: 102, fault: { action: 'kill', target: 'b' } }],
    });
    s.runUntil(103);
    const kill = s.events.slice().find((e) => e.kind === 'fault');
    expect(kill?.fx).toContainEqual({ k: 'down', node: 'b', reason: 'killed' });
    expect(kill?.fx).toContainEqual({ k: 'drop', id: 0, from: 'a', to: 'b', msg: 'Ping', reason: 'target crashed' });
  });

  it('restarts a node with fresh state and cancels the old incarnation’s timers', () => {
    const { s, host } = sim([pingNode('a', { peers: ['b:1'], period: 100 }), pingNode('b')], {
      faults: [{ at: 250, fault: { action: 'restart', target: 'a' } }],
    });
    s.runUntil(260);
    expect((host.actor('a')?.snapshot() as { sent: number }).sent).toBe(0);
    const restart = s.events.slice().find((e) => e.kind === 'fault');
    expect(restart?.fx).toContainEqual({ k: 'timer-cancel', node: 'a', key: 'tick', name: 'Tick' });
    s.runUntil(400);
    expect(
      s.events
        .slice()
        .filter((e) => e.kind === 'timer' && e.node === 'a')
        .map((e) => e.t),
    ).toEqual([100, 200, 350]);
  });

  it('tells connected peers that a crashed node disconnected', () => {
    const { s, host } = sim([pingNode('a', { peers: ['b:1'], period: 100 }), pingNode('b'), pingNode('c')], {
      faults: [{ at: 150, fault: { action: 'kill', target: 'b' } }],
    });
    s.runUntil(200);
    const notice = s.events.slice().find((e) => e.kind === 'disconnect');
    expect(notice).toMatchObject({ t: 155, node: 'a', from: 'b' });
    expect((host.actor('a')?.snapshot() as { disconnects: string[] }).disconnects).toEqual(['b:1']);
    expect((host.actor('c')?.snapshot() as { disconnects: string[] }).disconnects).toEqual([]);
  });

  it('fails an outstanding ask when its target crashes', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1'], period: 100, askTimeout: 10_000 }), pingNode('b')], {
      network: { latency: { dist: 'constant', ms: 5 }, loss: 0 },
      faults: [
        { at: 150, fault: { action: 'pause', target: 'b', duration: 1000 } },
        { at: 250, fault: { action: 'kill', target: 'b' } },
      ],
    });
    s.runUntil(300);
    const failed = s.events.slice().find((e) => e.kind === 'send-failed');
    expect(failed).toMatchObject({ t: 255, node: 'a' });
  });

  it('defers everything for a paused node and handles it, in order, on resume', () => {
    const { s } = sim(
      [pingNode('a', { peers: ['b:1'], period: 100 }), pingNode('b', { peers: ['a:1'], period: 100 })],
      {
        faults: [{ at: 120, fault: { action: 'pause', target: 'b', duration: 200 } }],
      },
    );
    s.runUntil(330);
    const atB = s.events
      .slice()
      .filter((e) => e.node === 'b' && e.t > 120 && e.t <= 320)
      .map((e) => `${e.t}:${e.kind}:${e.msg ?? e.name ?? ''}`);
    expect(atB).toEqual(['320:resume:', '320:timer:Tick', '320:deliver:Ping', '320:timer:Tick', '320:deliver:Ping']);
  });

  it('keeps going when an actor throws: the node is recorded as crashed', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1'], period: 100 }), pingNode('b')], {
      faults: [{ at: 150, fault: { action: 'command', target: 'b', name: 'throw' } }],
    });
    s.runUntil(300);
    const crash = s.events.slice().find((e) => e.kind === 'fault');
    expect(crash?.fx).toContainEqual({ k: 'down', node: 'b', reason: 'crashed: injected failure' });
    expect(
      s.events
        .slice()
        .filter((e) => e.t > 150 && e.node === 'b' && e.msg === 'Ping')
        .every((e) => e.kind === 'drop'),
    ).toBe(true);
  });
});

describe('kernel: timers and pauses', () => {
  it('runs the ticks that came due during a pause when it ends, with their original times', () => {
    const { s } = sim([pingNode('a', { peers: ['b:1'], period: 100 })], {
      faults: [{ at: 50, fault: { action: 'pause', target: 'a', duration: 300 } }],
    });
    s.runUntil(349);
    // Three ticks (100, 200, 300) wait in the backlog; none has run yet.
    expect(s.events.slice().filter((e) => e.kind === 'timer')).toEqual([]);
    s.runUntil(400);
    expect(
      s.events
        .slice()
        .filter((e) => e.kind === 'timer')
        .map((e) => e.t),
    ).toEqual([350, 350, 350, 400]);
  });
});
