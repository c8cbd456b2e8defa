/**
 * Faults as people write them (a scenario's `faults`, the page's menus, the console's `inject`) and
 * as the kernel runs them. Nodes may be named by id, by `host:port` or by host where that is
 * unique; every fault goes through the scenario format's schema, so a fault that reaches a run is
 * one a run file can replay.
 */
import { m } from '../paraglide/messages.js';
import type { Fault, NodeId } from '../sim/types';
import { closest, faultBodySchema, type FaultBodyDoc } from './schema';
import { describeValue, problemsOf, type Problem } from './problems';

/** A node as faults may name it. */
export interface Named {
  id: NodeId;
  host: string;
  port: number;
}

/** Resolves names of nodes to their ids, reporting unknown and ambiguous names. */
export class NodeRefs {
  private readonly aliases = new Map<string, string | null>();
  readonly ids: string[];

  constructor(nodes: readonly Named[]) {
    this.ids = nodes.map((n) => n.id);
    const alias = (name: string, id: string) =>
      this.aliases.set(name, this.aliases.has(name) && this.aliases.get(name) !== id ? null : id);
    for (const id of this.ids) alias(id, id);
    for (const n of nodes) {
      alias(`${n.host}:${n.port}`, n.id);
      alias(n.host, n.id);
    }
  }

  has(name: string): boolean {
    return this.aliases.has(name);
  }

  /** The id `name` stands for; an unknown or ambiguous name adds a problem at `path`. */
  ref(name: string, path: string, problems: Problem[]): NodeId {
    const id = this.aliases.get(name);
    if (id) return id;
    if (id === null) {
      problems.push({ path, message: m.problem_ambiguous_node({ name, ids: this.ids.join(', ') }) });
    } else {
      const near = closest(name, this.ids);
      problems.push({
        path,
        message: near
          ? m.problem_unknown_node_near({ got: describeValue(name), near, ids: this.ids.join(', ') })
          : m.problem_unknown_node({ got: describeValue(name), ids: this.ids.join(', ') }),
      });
    }
    return name;
  }
}

/** A fault as written, with its nodes resolved, as the kernel runs it. Problems go to `problems`. */
export function faultOf(f: FaultBodyDoc, refs: NodeRefs, path: string, problems: Problem[]): Fault {
  const p = path ? `${path}.` : '';
  switch (f.action) {
    case 'kill':
    case 'restart':
    case 'start':
      return { action: f.action, target: refs.ref(f.target, `${p}target`, problems) };
    case 'pause':
      return { action: 'pause', target: refs.ref(f.target, `${p}target`, problems), duration: f.duration };
    case 'partition': {
      const groups = f.groups.map((g, gi) => g.map((n, ni) => refs.ref(n, `${p}groups[${gi}][${ni}]`, problems)));
      const seen = new Set<string>();
      for (const n of groups.flat()) {
        if (seen.has(n)) problems.push({ path: `${p}groups`, message: m.problem_node_two_groups({ node: n }) });
        seen.add(n);
      }
      return f.name ? { action: 'partition', groups, name: f.name } : { action: 'partition', groups };
    }
    case 'heal':
      return f.name ? { action: 'heal', name: f.name } : { action: 'heal' };
    case 'drop': {
      const from = refs.ref(f.from, `${p}from`, problems);
      const to = refs.ref(f.to, `${p}to`, problems);
      if (from === to && refs.has(f.from)) problems.push({ path: `${p}to`, message: m.problem_link_two_nodes() });
      return { action: 'drop', from, to, count: f.count ?? 1 };
    }
    case 'delay': {
      const from = refs.ref(f.from, `${p}from`, problems);
      const to = refs.ref(f.to, `${p}to`, problems);
      if (from === to && refs.has(f.from)) problems.push({ path: `${p}to`, message: m.problem_link_two_nodes() });
      const fault: Fault = { action: 'delay', from, to, extra: f.extra };
      if (f.duration !== undefined) fault.duration = f.duration;
      return fault;
    }
    case 'fail-executors':
    case 'decommission': {
      const target = refs.ref(f.target, `${p}target`, problems);
      if (refs.has(f.target) && !target.startsWith('worker-'))
        problems.push({ path: `${p}target`, message: m.problem_needs_worker({ action: f.action, target }) });
      return { action: 'command', target, name: f.action };
    }
    case 'stop': {
      const target = refs.ref(f.target, `${p}target`, problems);
      if (refs.has(f.target) && !target.startsWith('worker-') && !target.startsWith('master-'))
        problems.push({ path: `${p}target`, message: m.problem_needs_daemon({ action: f.action, target }) });
      return { action: 'command', target, name: 'stop' };
    }
    case 'throw': {
      const target = refs.ref(f.target, `${p}target`, problems);
      return f.message === undefined
        ? { action: 'command', target, name: 'throw' }
        : { action: 'command', target, name: 'throw', args: { message: f.message } };
    }
  }
}

/** How a fault the kernel runs is written (the inverse of `faultOf`, nodes by id). */
export function docOfFault(f: Fault): FaultBodyDoc {
  switch (f.action) {
    case 'kill':
    case 'restart':
    case 'start':
      return { action: f.action, target: f.target };
    case 'pause':
      return { action: 'pause', target: f.target, duration: f.duration };
    case 'partition':
      return f.name
        ? { action: 'partition', groups: f.groups, name: f.name }
        : { action: 'partition', groups: f.groups };
    case 'heal':
      return f.name ? { action: 'heal', name: f.name } : { action: 'heal' };
    case 'drop':
      return { action: 'drop', from: f.from, to: f.to, count: f.count ?? 1 };
    case 'delay':
      return f.duration === undefined
        ? { action: 'delay', from: f.from, to: f.to, extra: f.extra }
        : { action: 'delay', from: f.from, to: f.to, extra: f.extra, duration: f.duration };
    case 'command':
      if (f.name === 'fail-executors' || f.name === 'decommission' || f.name === 'stop')
        return { action: f.name, target: f.target };
      if (f.name === 'throw')
        return typeof f.args?.message === 'string'
          ? { action: 'throw', target: f.target, message: f.args.message }
          : { action: 'throw', target: f.target };
      throw new Error(`The command "${f.name}" is not a fault a run can record`);
  }
}

export type FaultCheck = { ok: true; fault: Fault } | { ok: false; problems: Problem[] };

/** Checks a fault given now (no time: it happens at the cursor) against a cluster's nodes. */
export function checkFault(input: unknown, nodes: readonly Named[], path = 'fault'): FaultCheck {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      problems: [
        {
          path,
          message: m.problem_fault_object({
            example: '{"action": "kill", "target": "worker-1"}',
            got: describeValue(input),
          }),
        },
      ],
    };
  }
  const parsed = faultBodySchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: problemsOf(parsed.error, input).map((p) => ({
        path: p.path ? `${path}.${p.path}` : path,
        message: p.message,
      })),
    };
  }
  const problems: Problem[] = [];
  const fault = faultOf(parsed.data, new NodeRefs(nodes), path, problems);
  return problems.length ? { ok: false, problems } : { ok: true, fault };
}
