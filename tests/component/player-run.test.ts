/**
 * The player runs a simulation to a virtual time in slices; where a slice ends must not change the
 * run. A slice that stops at its count on an event at the goal time, with another due at that same
 * time, left the run one event short (the page's hash differed from the in-process one).
 */
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/lib/view/player.svelte';
import { clusterDoc, clusterScenario } from '../unit/support/random-cluster';
import { createInProcessSession } from '../../src/lib/runtime/inprocess';
import { runLength } from '../../src/lib/scenario/load';

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
    (player as unknown as { eventsPerMs: number }).eventsPerMs = (last - 1) / 30 + 1e-9;
    await player.runUntil(runLength(s));
    expect(player.frame?.world.events.length).toBe(last);
    expect(player.hash()).toBe(ref.sim.hash());
    player.close();
  });

  it('says why playback stopped only until the cursor moves (Home after the end clears it)', async () => {
    const player = new Player({ runtime: 'inprocess' });
    await player.load({
      version: 1,
      seed: 1,
      name: 'short',
      description: 'a short run',
      until: '3s',
      masters: [{ host: 'master', port: 7077 }],
      workers: [{ host: 'worker1', port: 7078, cores: 1, memory: '1g' }],
    });
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
