/** A player with the default scenario loaded in-process (jsdom has no Web Workers). */
import { Player } from '../../src/lib/view/player.svelte';
import { catalog } from '../../src/lib/scenario/catalog';

export async function loadedPlayer(runTo?: number): Promise<Player> {
  const player = new Player({ runtime: 'inprocess' });
  await player.load(catalog[0].doc);
  if (runTo !== undefined) await player.runUntil(runTo);
  return player;
}
