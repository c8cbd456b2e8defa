/**
 * A node's life as the panels tell it. A node that has not run yet is not called down: in a
 * simulation it has not started (before its start event); in a replayed log, which has not shown
 * it running (a master that workers only dialled, a daemon whose first line is still to come),
 * its state is not logged.
 */
import type { NodeView } from '../world/world';

export type Life = 'running' | 'paused' | 'down' | 'unlogged' | 'unstarted';

export function lifeOf(v: NodeView | undefined, source: 'simulation' | 'log' | undefined): Life {
  if (!v || (!v.up && v.since < 0)) return source === 'log' ? 'unlogged' : 'unstarted';
  if (!v.up) return 'down';
  return v.paused ? 'paused' : 'running';
}
