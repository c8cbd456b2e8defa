/**
 * A daemon's statechart as the page draws it: its states as nested boxes, its transitions as
 * labelled arrows, and the messages each state handles without leaving it. Made from the XState
 * machine definitions (`graph.ts`), laid out once by ELK (`layout.ts`, `npm run statecharts`) and
 * kept in `charts.json`, which a test checks against the machines.
 */
import type { SourceRef } from '../sim/types';

export interface ChartState {
  /** Its path from the root, dot-separated (`RECOVERING.waiting`); '' for the root. */
  path: string;
  /** Its own name (`waiting`), or the machine's id for the root. */
  key: string;
  parent: string | null;
  type: 'atomic' | 'compound' | 'final';
  /** Its initial child's key (compound states). */
  initial?: string;
}

export interface ChartTransition {
  id: string;
  /** The state it is defined on ('' for the root: in any state). */
  from: string;
  to: string;
  /** The Spark message, timer or kernel notice that fires it; '' for an eventless (always) one. */
  event: string;
  guard?: string;
}

/** Messages a state handles where it is, without a transition (e.g. the Master's Heartbeat). */
export interface ChartHandles {
  state: string;
  events: { event: string; guard?: string }[];
}

export interface ChartGraph {
  machine: string;
  states: ChartState[];
  transitions: ChartTransition[];
  handles: ChartHandles[];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * One arrow: every transition from one state to another, drawn once with a line of label each
 * (the Master's `waiting` → `checking` is taken on three messages).
 */
export interface ChartEdge {
  id: string;
  from: string;
  to: string;
  /** The transitions it draws (their ids), in the machine's order. */
  transitions: string[];
  points: Point[];
  label: Box;
}

/** The graph with positions: a box per state, and the arrows. */
export interface ChartLayout extends ChartGraph {
  width: number;
  height: number;
  boxes: Record<string, Box>;
  edges: ChartEdge[];
  /** Spark's handlers that ran for each event in the example scenarios (what a click shows). */
  refs: Record<string, SourceRef[]>;
}
