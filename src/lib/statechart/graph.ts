/**
 * A machine's statechart as a plain graph, read from its XState definition: the states (nested),
 * the transitions that change state, and the events handled in place. Nothing here is written by
 * hand, so the drawing cannot drift from the machine.
 */
import type { AnyStateMachine } from 'xstate';
import type { ChartGraph, ChartHandles, ChartState, ChartTransition } from './types';

/** The parts of XState's StateNode read here (its public fields). */
interface StateNodeLike {
  key: string;
  path: string[];
  type: string;
  states: Record<string, StateNodeLike>;
  transitions: Map<string, TransitionLike[]>;
  always?: TransitionLike[];
  initial?: { target: StateNodeLike[] };
}

interface TransitionLike {
  eventType: string;
  target?: StateNodeLike[];
  guard?: unknown;
  reenter?: boolean;
}

function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  return 'guard';
}

const pathOf = (n: StateNodeLike) => n.path.join('.');

/** The statechart of `machine`. */
export function chartOf(machine: AnyStateMachine): ChartGraph {
  const states: ChartState[] = [];
  const transitions: ChartTransition[] = [];
  const handles: ChartHandles[] = [];
  const walk = (n: StateNodeLike, parent: string | null) => {
    const path = pathOf(n);
    const type = n.type === 'final' ? 'final' : Object.keys(n.states).length > 0 ? 'compound' : 'atomic';
    const state: ChartState = { path, key: parent === null ? machine.id : n.key, parent, type };
    const initial = n.initial?.target[0];
    if (type === 'compound' && initial) state.initial = initial.key;
    states.push(state);
    const here: ChartHandles['events'] = [];
    const add = (t: TransitionLike, event: string) => {
      const guard = guardName(t.guard);
      const targets = t.target ?? [];
      if (targets.length === 0) {
        if (!here.some((h) => h.event === event && h.guard === guard)) here.push(guard ? { event, guard } : { event });
        return;
      }
      for (const target of targets) {
        const id = `${path}:${event || 'always'}:${transitions.length}`;
        const tr: ChartTransition = { id, from: path, to: pathOf(target), event };
        if (guard) tr.guard = guard;
        transitions.push(tr);
      }
    };
    for (const [event, defs] of n.transitions) for (const t of defs) add(t, event);
    for (const t of n.always ?? []) add(t, '');
    if (here.length > 0) handles.push({ state: path, events: here });
    for (const child of Object.values(n.states)) walk(child, path);
  };
  walk(machine.root as unknown as StateNodeLike, null);
  return { machine: machine.id, states, transitions, handles };
}
