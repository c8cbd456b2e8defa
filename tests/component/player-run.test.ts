/**
 * The player runs a simulation to a virtual time in slices; where a slice ends must not change the
 * run. A slice that stops at its count on an event at the goal time, with another due at that same
 * time, left the run one event short (the page's hash differed from the in-process one).
 */
import { describe, expect, it } from 'vitest';
import { FOLLOW_DRAW_MS, Player, SLICE_MS } from '../../src/lib/view/player.svelte';
import { clusterDoc, clusterScenario } from '../unit/support/random-cluster';
import { sharedLog } from './fixtures';
import { createInProcessSession } from '../../src/lib/runtime/inprocess';
import { runLength } from '../../src/lib/scenario/load';

/** A player, in process, with a short run of one master and `workers` workers loaded. */
async function playerOf(until: string, workers: number): Promise<Player> {
  const player = new Player({ runtime: 'inprocess' });
  await player.load({
    version: 1,
    seed: 1,
    name: 'short',
    description: 'a short run',
    until,
    masters: [{ host: 'master', port: 7077 }],
    workers: Array.from({ length: workers }, (_, i) => ({
      host: `worker${i + 1}`,
      port: 7078,
      cores: 1,
      memory: '1g',
    })),
  });
  return player;
}

describe('a run to a virtual time, in slices', () => {
  it('records every event due at the goal time, wherever a slice stops', async () => {
    const c = { seed: 575220, masters: 2, mode: 'ZOOKEEPER', workers: 4, apps: 2, drivers: 1, faults: [] } as never;
    const s = clusterScenario(c);
    const ref = createInProcessSession(s);
    ref.sim.runUntil(runLength(s));
    const events = ref.sim.events;
    const last = events.length;
    // Two events at the goal time: a slice that ends between them must not end the run.
    expect(events.at(last - 2)?.t).toBe(runLength(s));
    const player = new Player({ runtime: 'inprocess' });
    await player.load(clusterDoc(c));
    // The first slice is sized to stop right between them.
    (player as unknown as { eventsPerMs: number }).eventsPerMs = (last - 1) / SLICE_MS + 1e-9;
    await player.runUntil(runLength(s));
    expect(player.frame?.world.events.length).toBe(last);
    expect(player.hash()).toBe(ref.sim.hash());
    player.close();
  });

  it('says why playback stopped only until the cursor moves (Home after the end clears it)', async () => {
    const player = await playerOf('3s', 1);
    player.speed = 1000;
    player.play();
    for (let i = 0; i < 50 && player.playing; i++) await player.tick(100);
    expect(player.playing).toBe(false);
    expect(player.stopReason).not.toBeNull();
    await player.seek(0);
    expect(player.stopReason).toBeNull();
    player.close();
  });
});

describe('the run’s hash, worked out in the background', () => {
  it('waits while playback makes events, and is ready soon after a pause', async () => {
    const { vi } = await import('vitest');
    const player = await playerOf('60s', 2);
    const sim = player.session()!.sim;
    const hashSome = vi.spyOn(sim, 'hashSome');
    const breath = () => new Promise((r) => setTimeout(r, 5));
    player.speed = 200;
    player.play();
    for (let i = 0; i < 5 && player.playing; i++) {
      await player.tick(16);
      await breath();
    }
    expect(player.playing).toBe(true);
    expect(sim.events.length).toBeGreaterThan(10);
    expect(hashSome).not.toHaveBeenCalled();
    await player.pause();
    for (let i = 0; i < 50 && sim.hashReady() === null; i++) await breath();
    expect(hashSome).toHaveBeenCalled();
    expect(sim.hashReady()).toBe(sim.hash());
    player.close();
  });
});

describe('a long run with a map that is slow to draw', () => {
  // 160 workers for four virtual hours: long enough to show progress and frames (progress shows
  // after 200 ms; 40 workers took under 300 ms on a fast day, too short to be watched).
  const longRun = async (drawMs: number) => {
    const player = await playerOf('5h', 160);
    (player as unknown as { drawMs: number }).drawMs = drawMs;
    const frames: number[] = [];
    const times: number[] = [];
    player.onchange = (f) => frames.push(f.time);
    let watching = true;
    const watch = (async () => {
      while (watching) {
        if (player.busy?.time !== undefined) times.push(player.busy.time);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await player.runUntil(4 * 3_600_000);
    watching = false;
    await watch;
    player.close();
    return { frames, times };
  };

  it('follows the run with frames while drawing is quick', async () => {
    const { frames, times } = await longRun(0);
    expect(frames.length).toBeGreaterThan(1);
    expect(times).toEqual([]);
  }, 60_000);

  it('shows no frame until the end where drawing one is slow, and the progress says the virtual time reached', async () => {
    const { frames, times } = await longRun(FOLLOW_DRAW_MS + 1);
    // Only the frame at the end of the run.
    expect(frames).toEqual([4 * 3_600_000]);
    expect(times.length).toBeGreaterThan(1);
    expect(times[times.length - 1]).toBeGreaterThan(times[0]);
  }, 60_000);
});

describe('a replayed real log plays like a simulation', () => {
  it('steps, stops at a breakpoint on a message the lines show, scrubs back, and takes no fault', async () => {
    const { readLogsHere } = await import('../../src/lib/replay/read-logs');
    const player = new Player({ runtime: 'inprocess' });
    await player.openLogs([sharedLog('27a'), sharedLog('27b')], readLogsHere);
    expect(player.live).toBe(false);
    expect(player.frame?.cursor).toBe(0);
    expect(player.logs?.files).toHaveLength(2);
    // A step does one line.
    await player.step();
    expect(player.frame?.cursor).toBe(1);
    expect(player.frame?.world.node('master-1')?.state).toBe('ALIVE');
    // Play to a breakpoint on the message the master's "Registering worker" line shows.
    player.breakpoints = [{ kind: 'message', type: 'RegisterWorker' }];
    player.speed = 1000;
    player.play();
    for (let i = 0; i < 200 && player.playing; i++) await player.tick(50);
    expect(player.playing).toBe(false);
    const last = player.frame?.world.last;
    expect(last).toMatchObject({ kind: 'deliver', msg: 'RegisterWorker', node: 'master-1', from: 'worker-1' });
    // Scrub back: the world is the one before the worker's lines.
    await player.seek(1);
    expect(player.frame?.world.node('worker-1')?.up).toBe(false);
    // A recorded trace takes no fault, and says why; the run is as it was.
    await expect(player.inject({ action: 'kill', target: 'worker-1' })).rejects.toThrow();
    expect(player.frame?.cursor).toBe(1);
  });

  it('while lines of one time wait their turn, the clock waits with them: it never runs ahead nor back (27a + 27b)', async () => {
    const { readLogsHere } = await import('../../src/lib/replay/read-logs');
    const player = new Player({ runtime: 'inprocess' });
    await player.openLogs([sharedLog('27a'), sharedLog('27b')], readLogsHere);
    const events = player.frame!.world.events;
    player.speed = 4;
    player.play();
    let last = -1;
    for (let i = 0; i < 2000 && player.playing; i++) {
      await player.tick(16);
      const { cursor, time } = player.frame!;
      expect(time).toBeGreaterThanOrEqual(last);
      // The next line still to show is not in the clock's past.
      if (cursor < events.length) expect(time).toBeLessThanOrEqual(events.at(cursor)!.t);
      last = time;
    }
    expect(player.frame!.cursor).toBe(events.length);
  });

  it('plays lines that share one printed time one at a time, to the last (18: six lines in one second)', async () => {
    const { readLogsHere } = await import('../../src/lib/replay/read-logs');
    const player = new Player({ runtime: 'inprocess' });
    await player.openLogs([sharedLog('18')], readLogsHere);
    const total = player.frame!.world.events.length;
    expect(total).toBe(6);
    expect(player.until).toBe(0);
    player.speed = 4;
    player.play();
    expect(player.playing).toBe(true);
    const seen: number[] = [];
    const frames: number[] = [];
    for (let i = 0; i < 400 && player.playing; i++) {
      await player.tick(16);
      if (seen.at(-1) !== player.frame!.cursor) {
        seen.push(player.frame!.cursor);
        frames.push(i);
      }
    }
    expect(player.playing).toBe(false);
    expect(player.frame!.cursor).toBe(total);
    // Every line in a frame of its own, 100 ms (about 7 frames of 16 ms) after the one before at 4×.
    expect(seen).toEqual(Array.from({ length: total + 1 }, (_, k) => k));
    for (let k = 2; k < frames.length; k++) expect(frames[k] - frames[k - 1]).toBe(7);
  });
});
