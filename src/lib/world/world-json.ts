/**
 * The world at the cursor as plain JSON (`spark.world()` in the console, and tests that compare
 * worlds): every node with its status, tables and timers, the network, messages in the air and
 * just dropped, and the broken invariants so far.
 */
import type { Row } from '../sim/types';
import type { PendingTimer } from './timer-index';
import type { NodeView, ViolationMark, World } from './world';

export interface WorldJson {
  cursor: number;
  time: number;
  source: string;
  knows: World['header']['knows'];
  leader: string | null;
  nodes: (NodeView & {
    status: Row | null;
    tables: Record<string, Row[]>;
    timers: PendingTimer[];
    handler: {
      file: string;
      method: string;
      case?: string;
      event: number;
      calls: { file: string; method: string; case?: string; times: number }[];
    } | null;
  })[];
  network: World['network'];
  inAir: { id: number; msg: string; from: string; to: string | null; sent: number; arrives: number }[];
  dropped: { id: number; msg: string; from: string; to: string | null; reason: string }[];
  violations: ViolationMark[];
}

export function worldJson(w: World): WorldJson {
  return {
    cursor: w.cursor,
    time: w.time,
    source: w.header.source,
    knows: w.header.knows,
    leader: w.leader,
    nodes: w.nodes.map((n) => {
      const h = w.handler(n.id);
      const tables: Record<string, Row[]> = {};
      for (const key of w.tables(n.id)) tables[key] = w.table(n.id, key).map((r) => r.row);
      return {
        ...n,
        status: w.status(n.id),
        tables,
        timers: w.timers(n.id),
        handler:
          h === null ? null : { ...h.ref, event: h.i, calls: h.calls.map((c) => ({ ...c.ref, times: c.times })) },
      };
    }),
    network: w.network,
    inAir: w.inAir.map((f) => ({ id: f.id, msg: f.msg, from: f.from, to: f.to, sent: f.t0, arrives: f.t1 })),
    dropped: w.dropped.map((f) => ({ id: f.id, msg: f.msg, from: f.from, to: f.to, reason: f.fate?.dropped ?? '' })),
    violations: [...w.violations],
  };
}
