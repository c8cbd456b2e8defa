/**
 * Players for panel tests: one watching the fixture trace (no simulation behind it), and one with
 * the default scenario simulated in-process (jsdom has no Web Workers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Player } from '../../src/lib/view/player.svelte';
import { catalog } from '../../src/lib/scenario/catalog';
import type { TraceEvent } from '../../src/lib/sim/types';
import { fixtureHeader, fixtureTrace } from '../fixtures/trace';

export async function fixturePlayer(cursor?: number, edit?: (trace: TraceEvent[]) => void): Promise<Player> {
  const player = new Player({ runtime: 'inprocess' });
  const trace = structuredClone(fixtureTrace);
  edit?.(trace);
  await player.openRecorded(fixtureHeader, trace, cursor);
  return player;
}

export async function loadedPlayer(runTo?: number): Promise<Player> {
  const player = new Player({ runtime: 'inprocess' });
  await player.load(catalog[0].doc);
  if (runTo !== undefined) await player.runUntil(runTo);
  return player;
}

/** A shared real log, read where it is (jsdom's import.meta.url is not a file URL). */
export function sharedLog(prefix: string): { name: string; text: string } {
  const dir = `${process.cwd()}/../shared/spark-logs/`;
  const name = readdirSync(dir).find((f) => f.startsWith(`${prefix}-`)) as string;
  return { name, text: readFileSync(dir + name, 'utf8') };
}
