/**
 * What a statechart lights at the cursor: the states the daemon is in, the arrows its last event
 * took (one event can take several: `CompleteRecovery`, then COMPLETING_RECOVERY's eventless step
 * to ALIVE), and the event it handled without a change of state.
 */
import type { ChartGraph } from './types';

/** A state string (`Registering.Prolonged`; the Master names only its top state) is in a chart state. */
export function within(state: string, chartPath: string): boolean {
  return chartPath === '' || state === chartPath || state.startsWith(`${chartPath}.`);
}

/** Whether a chart state and a recorded state may be the same, one naming only the outer state. */
function matches(chartPath: string, state: string): boolean {
  return within(state, chartPath) || chartPath.startsWith(`${state}.`);
}

export interface Lit {
  /** Chart states the daemon is in (its state and their ancestors). */
  active: Set<string>;
  /** Transitions the last event took. */
  taken: Set<string>;
  /** The event handled in place by the last event, if it changed no state. */
  handled: string | null;
}

/**
 * `state`: the daemon's state now. `event`: the machine event the last event was at this daemon
 * (null if the last event was elsewhere). `steps`: its state changes in that event, in order.
 */
export function litAt(
  chart: ChartGraph,
  state: string,
  event: string | null,
  steps: readonly { from: string; to: string }[],
): Lit {
  const active = new Set(chart.states.filter((s) => state !== '' && within(state, s.path)).map((s) => s.path));
  const taken = new Set<string>();
  if (event !== null) {
    // Where this event's transitions have led so far: an eventless transition counts only from there.
    const reached: string[] = [];
    const take = (id: string, to: string) => {
      taken.add(id);
      reached.push(to);
    };
    for (const step of steps) {
      for (const t of chart.transitions) {
        if (t.event !== event || !matches(t.from, step.from)) continue;
        // Into the recorded new state, or a move inside the state the record names (the Master
        // records RECOVERING, not `waiting` → `checking`).
        if (matches(t.to, step.to) || matches(t.to, step.from)) take(t.id, t.to);
      }
      for (const t of chart.transitions) {
        if (t.event !== '' || !matches(t.from, step.from) || !matches(t.to, step.to)) continue;
        if (reached.some((r) => within(t.from, r))) take(t.id, t.to);
      }
    }
  }
  const handled =
    event !== null &&
    steps.length === 0 &&
    chart.handles.some((h) => active.has(h.state) && h.events.some((e) => e.event === event))
      ? event
      : null;
  return { active, taken, handled };
}
