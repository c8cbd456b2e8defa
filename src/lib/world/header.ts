/**
 * What a trace says about itself before its first event: where it comes from, its title, which
 * Spark version it speaks, its nodes (kind, address and the facts their parameters give), and
 * what it can know. A simulation knows everything; a real log knows no timers and only part of
 * each daemon's tables, and the panels say so instead of guessing.
 */
import type { KernelSpec } from '../sim/kernel';
import type { NodeId, Scalar } from '../sim/types';
import { daemonOf } from '../spark/daemons';

export interface NodeInfo {
  id: NodeId;
  /** The daemon kind (`master`, `worker`, `app`, `zookeeper`, `submit`). */
  kind: string;
  /** `host:port`. */
  address: string;
  facts: Readonly<Record<string, Scalar>>;
}

export interface Knows {
  /** Timers armed, fired and cancelled. */
  timers: boolean;
  /** Each daemon's whole status and tables (a log tells only part of them). */
  tables: boolean;
  /** Messages exactly as sent; `inferred` from lines that pair up across files. */
  messages: 'exact' | 'inferred';
}

export interface TraceHeader {
  source: 'simulation' | 'log';
  title: string;
  description: string;
  /** The Spark version whose behaviour and words the trace has (`4.0`). */
  sparkVersion: string;
  nodes: readonly NodeInfo[];
  knows: Knows;
  /** A real log's wall clock: epoch milliseconds, as the log printed them, of time 0 (its first line). */
  epoch?: number;
}

export const SIMULATION_KNOWS: Knows = { timers: true, tables: true, messages: 'exact' };

/** The header of a simulated run, from its kernel spec. */
export function headerOfSpec(
  spec: KernelSpec,
  meta: { title: string; description: string; sparkVersion: string },
): TraceHeader {
  return {
    source: 'simulation',
    ...meta,
    nodes: spec.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      address: n.address,
      facts: daemonOf(n.kind)?.facts(n.params as never) ?? {},
    })),
    knows: SIMULATION_KNOWS,
  };
}
