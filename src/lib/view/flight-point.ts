/**
 * Where a message is drawn on the map at a share `p` (0 to 1) of its trip: from the edge of its
 * sender's box to the edge of its target's, so that a message just sent or about to arrive sits
 * beside a node and not on its name and state. A message a daemon sends itself (a Master's
 * `ElectedLeader`, `CompleteRecovery`) goes over its box in a small arc.
 */
import type { Placed } from './layout';

/** Room left between a box and a message leaving or reaching it. */
const GAP = 3;
/** How high a message to itself rises above its box. */
const ARC = 16;

/** Distance from the centre of `n` to its edge in the direction (dx, dy), plus the gap. */
function toEdge(n: Placed, dx: number, dy: number): number {
  const len = Math.hypot(dx, dy);
  if (len === 0) return 0;
  if (n.shape === 'circle') return n.w / 2 + GAP;
  const tx = dx === 0 ? Infinity : n.w / 2 / Math.abs(dx);
  const ty = dy === 0 ? Infinity : n.h / 2 / Math.abs(dy);
  return Math.min(tx, ty) * len + GAP;
}

export function flightPoint(a: Placed, b: Placed | undefined, p: number): { x: number; y: number } {
  if (b === a) {
    const top = a.shape === 'circle' ? a.y - a.w / 2 : a.y - a.h / 2;
    return { x: a.x + (p - 0.5) * a.w * 0.5, y: top - GAP - ARC * Math.sin(Math.PI * p) };
  }
  // A message to no known node leaves up and to the right.
  const bx = b ? b.x : a.x + 40;
  const by = b ? b.y : a.y - 40;
  const dx = bx - a.x;
  const dy = by - a.y;
  const len = Math.hypot(dx, dy);
  const from = toEdge(a, dx, dy);
  const to = b ? toEdge(b, dx, dy) : 0;
  // Boxes that touch or overlap (a dense map): from centre to centre.
  if (len === 0 || from + to >= len) return { x: a.x + dx * p, y: a.y + dy * p };
  const s = (from + (len - from - to) * p) / len;
  return { x: a.x + dx * s, y: a.y + dy * s };
}
