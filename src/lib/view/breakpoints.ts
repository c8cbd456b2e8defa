/** Breakpoints: where playback stops by itself (a message delivered, a daemon entering a state). */
import type { NodeId, TraceEvent } from '../sim/types';

export type Breakpoint = { kind: 'message'; type: string } | { kind: 'state'; state: string; node?: NodeId };

export function breakpointHit(bp: Breakpoint, e: TraceEvent): boolean {
  if (bp.kind === 'message') return e.kind === 'deliver' && e.msg === bp.type;
  return e.fx.some(
    (f) =>
      f.k === 'state' &&
      (bp.node === undefined || f.node === bp.node) &&
      (f.to === bp.state || f.to.startsWith(`${bp.state}.`)),
  );
}

/** The first breakpoint event `e` hits, if any. */
export function firstHit(bps: readonly Breakpoint[], e: TraceEvent): Breakpoint | undefined {
  return bps.find((b) => breakpointHit(b, e));
}
