/**
 * XState's own transition choice, remembered for the case that dominates a long run: a targetless
 * transition whose only content is custom actions (a heartbeat received, a heartbeat timer fired).
 *
 * For such an event XState's interpreter selects the transition (deepest active state first, then
 * its ancestors, first candidate whose guard passes), runs the actions with `{ context, event }`,
 * finds the configuration unchanged, looks for eventless transitions, and returns the same
 * snapshot object. A plan made here reads the same transition definitions from the machine and
 * runs the same action implementations in the same order; it is made only when the outcome cannot
 * differ:
 * - one atomic state is active (no parallel regions) and no active state has `always` transitions;
 * - the machine has no wildcard event descriptors;
 * - the chosen transition is the first candidate of the deepest state that has any, and has no
 *   guard and no target;
 * - every action is a custom action with static params (no `assign`, `raise` or other built-in).
 * Anything else returns null, and the caller hands the event to the interpreter. The equivalence is
 * checked by tests that run every scenario both ways and compare trace hashes.
 */
import type { AnyStateMachine } from 'xstate';

/** One custom action to run, as XState would call it. */
export interface PlannedAction {
  exec: (args: { context: unknown; event: unknown; self: unknown; system: unknown }, params: unknown) => void;
  params: unknown;
}

/** What the interpreter would do: run these actions and stay (an empty list: ignore the event). */
export type Plan = readonly PlannedAction[];

/** The parts of XState's state nodes read here (stable since XState 5.0, not in its typings). */
interface StateNodeLike {
  id: string;
  type: string;
  parent?: StateNodeLike;
  states: Record<string, StateNodeLike>;
  transitions: Map<string, TransitionLike[]>;
  always?: unknown[];
}

interface TransitionLike {
  target?: unknown[];
  guard?: unknown;
  actions: unknown[];
}

type ActionImpl = PlannedAction['exec'] & { resolve?: unknown };

export class TransitionCache {
  private readonly byConfiguration = new WeakMap<object, Map<string, Plan | null>>();
  private readonly byKey = new Map<string, Map<string, Plan | null>>();
  private readonly usable: boolean;

  constructor(private readonly machine: AnyStateMachine) {
    this.usable = !hasWildcards(machine.root as unknown as StateNodeLike);
  }

  /** The plan for `eventType` in the snapshot's configuration, or null to use the interpreter. */
  plan(snapshot: unknown, eventType: string): Plan | null {
    if (!this.usable) return null;
    const nodes = (snapshot as { _nodes?: StateNodeLike[] })._nodes;
    if (!Array.isArray(nodes)) return null;
    let plans = this.byConfiguration.get(nodes);
    if (plans === undefined) {
      const key = nodes.map((n) => n.id).join('|');
      plans = this.byKey.get(key);
      if (plans === undefined) this.byKey.set(key, (plans = new Map()));
      this.byConfiguration.set(nodes, plans);
    }
    let plan = plans.get(eventType);
    if (plan === undefined) {
      plan = this.compute(nodes, eventType);
      plans.set(eventType, plan);
    }
    return plan;
  }

  private compute(nodes: StateNodeLike[], eventType: string): Plan | null {
    const atomic = nodes.filter((n) => n.type === 'atomic');
    if (atomic.length !== 1 || nodes.some((n) => n.type === 'parallel')) return null;
    if (nodes.some((n) => (n.always?.length ?? 0) > 0)) return null;
    for (let s: StateNodeLike | undefined = atomic[0]; s !== undefined; s = s.parent) {
      const candidates = s.transitions.get(eventType);
      if (candidates === undefined || candidates.length === 0) continue;
      const t = candidates[0];
      if (t.guard !== undefined || (t.target !== undefined && t.target.length > 0)) return null;
      return this.actions(t.actions);
    }
    return [];
  }

  private actions(actions: unknown[]): Plan | null {
    const impls = (this.machine.implementations.actions ?? {}) as Record<string, ActionImpl | undefined>;
    const out: PlannedAction[] = [];
    for (const a of actions) {
      let exec: ActionImpl | undefined;
      let params: unknown;
      if (typeof a === 'function') exec = a as ActionImpl;
      else if (typeof a === 'string') exec = impls[a];
      else if (a && typeof a === 'object' && typeof (a as { type?: unknown }).type === 'string') {
        const { type, params: p } = a as { type: string; params?: unknown };
        if (typeof p === 'function') return null;
        exec = impls[type];
        params = p;
      }
      if (typeof exec !== 'function' || 'resolve' in exec) return null;
      out.push({ exec, params });
    }
    return out;
  }
}

function hasWildcards(node: StateNodeLike): boolean {
  for (const key of node.transitions.keys()) if (key.includes('*')) return true;
  return Object.values(node.states ?? {}).some(hasWildcards);
}
