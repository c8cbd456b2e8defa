/**
 * A node's life as the panels tell it. A replayed log that has not shown a node running (a master
 * that workers only dialled, a daemon whose first line is still to come) does not call it down:
 * it says its state is not logged.
 */
import type { NodeView } from '../world/world';

export type Life = 'running' | 'paused' | 'down' | 'unlogged';

export function lifeOf(v: NodeView | undefined, source: 'simulation' | 'log' | undefined): Life {
  if (!v) return source === 'log' ? 'unlogged' : 'down';
  if (!v.up) return source === 'log' && v.since < 0 ? 'unlogged' : 'down';
  return v.paused ? 'paused' : 'running';
}
