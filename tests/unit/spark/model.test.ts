/**
 * Model-based coverage with xstate/graph: the Master, Worker and application-client machines are
 * walked with their actions stubbed and each guard driven by a flag on the event, so every guard
 * outcome is explored. Every state node must be reachable by a generated path, and every
 * transition must be taken from some state a generated path reaches.
 */
import { describe, expect, it } from 'vitest';
import { getNextSnapshot, setup, type AnyStateMachine, type AnyMachineSnapshot } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { appClientMachine } from '../../../src/lib/spark/appclient/machine';
import { masterMachine } from '../../../src/lib/spark/master/machine';
import { stateString } from '../../../src/lib/spark/machine-actor';
import { workerMachine } from '../../../src/lib/spark/worker/machine';

interface Node {
  path: string[];
  key: string;
  states: Record<string, Node>;
  transitions: Map<string, { guard?: unknown; target?: unknown; eventType: string }[]>;
  always?: unknown[];
  parent?: Node;
}

type FlagEvent = { type: string; g: Record<string, boolean>; env: { io: null } };

/** True when entering `target` enters `n` through initial substates. */
function isInitialChain(n: Node, target: string): boolean {
  let cur: Node | undefined = n;
  while (cur && cur.path.join('.') !== target) {
    const parent: Node | undefined = cur.parent;
    if (
      !parent ||
      (parent as unknown as { initial?: { target: { key: string }[] } }).initial?.target[0]?.key !== cur.key
    )
      return false;
    cur = parent;
  }
  return cur !== undefined;
}

function allNodes(n: Node): Node[] {
  return [n, ...Object.values(n.states).flatMap(allNodes)];
}

interface Transition {
  source: { path: string[] };
  eventType: string;
  guard?: unknown;
  target?: { path: string[] }[];
}

/** A transition's identity: where from, on what, under which guard, to where. */
function keyOf(t: Transition): string {
  const targets = (t.target ?? []).map((n) => n.path.join('.')).join(',');
  return `${t.source.path.join('.')}|${t.eventType}|${guardName(t.guard) ?? ''}|${targets}`;
}

function guardName(guard: unknown): string | undefined {
  if (typeof guard === 'string') return guard;
  if (guard && typeof guard === 'object' && 'type' in guard) return String((guard as { type: string }).type);
  return undefined;
}

function abstractModel(machine: AnyStateMachine) {
  const impl = machine.implementations as { actions: Record<string, unknown>; guards: Record<string, unknown> };
  const actions = Object.fromEntries(Object.keys(impl.actions).map((k) => [k, () => undefined]));
  const guards = Object.fromEntries(
    Object.keys(impl.guards).map((k) => [k, ({ event }: { event: FlagEvent }) => event.g?.[k] === true]),
  );
  const model = machine.provide({ actions, guards } as never);
  const nodes = allNodes(machine.root as unknown as Node);
  const eventTypes = [...new Set(nodes.flatMap((n) => [...n.transitions.keys()]))].filter(
    (t) => !t.startsWith('xstate.'),
  );
  const names = Object.keys(impl.guards);
  const events: FlagEvent[] = eventTypes.flatMap((type) => [
    { type, g: {}, env: { io: null } },
    ...names.map((g) => ({ type, g: { [g]: true }, env: { io: null } })),
  ]);
  return { model, nodes, events };
}

function cover(machine: AnyStateMachine, input: unknown) {
  const { model, nodes, events } = abstractModel(machine);
  const paths = getShortestPaths(model, { events, input } as never);
  const reached = paths.map((p) => p.state as AnyMachineSnapshot);
  const active = new Set<string>();
  for (const s of reached) {
    const v = stateString(s.value).split('.');
    for (let i = 1; i <= v.length; i++) active.add(v.slice(0, i).join('.'));
  }
  // Which declared transitions some reachable state takes, for some explored event.
  const taken = new Set<string>();
  const targeted = new Set<string>();
  const take = (t: Transition) => {
    taken.add(keyOf(t));
    for (const n of t.target ?? []) targeted.add(n.path.join('.'));
  };
  for (const s of reached) {
    for (const e of events) {
      const data = (model as unknown as { getTransitionData(s: unknown, e: unknown): Transition[] }).getTransitionData(
        s,
        e,
      );
      data.forEach(take);
      void getNextSnapshot(model, s, e as never);
    }
  }
  // Eventless transitions run inside microsteps: one of a transient state is taken when some taken
  // transition enters that state and its guard can go that way (every guard outcome is explored).
  for (const n of nodes) {
    const p = n.path.join('.');
    const entered = [...targeted].some((t) => p === t || (p.startsWith(`${t}.`) && isInitialChain(n, t)));
    if (entered) {
      active.add(p);
      for (const t of (n.always ?? []) as Transition[]) take(t);
    }
  }
  const declared: { where: string; event: string; guard?: string; key: string }[] = [];
  for (const n of nodes) {
    const lists: [string, Transition[]][] = [...(n.transitions as unknown as Map<string, Transition[]>)];
    if (n.always) lists.push(['(always)', n.always as Transition[]]);
    for (const [event, list] of lists) {
      if (event.startsWith('xstate.')) continue;
      for (const t of list)
        declared.push({ where: n.path.join('.') || '(root)', event, guard: guardName(t.guard), key: keyOf(t) });
    }
  }
  const states = nodes.filter((n) => n.path.length > 0).map((n) => n.path.join('.'));
  return { paths, active, states, declared, taken };
}

const machines: [string, AnyStateMachine, unknown][] = [
  ['Master', masterMachine, { state: 'STANDBY' }],
  ['Worker', workerMachine, {}],
  ['AppClient', appClientMachine, {}],
];

describe('model-based coverage (xstate/graph)', () => {
  for (const [name, machine, input] of machines) {
    it(`${name}: every state is reached by a generated path`, () => {
      const c = cover(machine, input);
      expect(c.paths.length).toBeGreaterThan(1);
      expect(c.states.filter((s) => !c.active.has(s))).toEqual([]);
    });

    it(`${name}: every transition is taken from a state some path reaches`, () => {
      const c = cover(machine, input);
      const missing = c.declared
        .filter((d) => !c.taken.has(d.key))
        .map((d) => `${d.where} --${d.event}${d.guard ? ` [${d.guard}]` : ''}-->`);
      expect(missing).toEqual([]);
      expect(c.declared.length).toBeGreaterThan(5);
    });
  }

  it('the Master reaches RECOVERING only through ElectedLeader with something persisted', () => {
    const { model, events } = abstractModel(masterMachine);
    const paths = getShortestPaths(model, {
      events,
      input: { state: 'STANDBY' },
      toState: (st: AnyMachineSnapshot) => stateString(st.value) === 'RECOVERING.waiting',
    } as never);
    expect(paths).toHaveLength(1);
    const last = paths[0].steps.at(-1)?.event as unknown as FlagEvent;
    expect(last.type).toBe('ElectedLeader');
    expect(last.g.nothingPersisted).not.toBe(true);
  });

  it('reports an unreachable state and a transition never taken (the check can fail)', () => {
    const broken = setup({
      types: { events: {} as FlagEvent },
      guards: { never: () => false },
    }).createMachine({
      initial: 'a',
      states: {
        a: { on: { go: 'b' } },
        b: { on: { back: { guard: 'never', target: 'a' } } },
        island: { on: { go: 'a' } },
      },
    });
    const c = cover(broken, undefined);
    expect(c.states.filter((x) => !c.active.has(x))).toEqual(['island']);
    expect(c.declared.filter((d) => !c.taken.has(d.key)).map((d) => d.where)).toEqual(['island']);
  });
});
