import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flightPoint } from '../../../src/lib/view/flight-point';
import type { Placed } from '../../../src/lib/view/layout';

const box = (id: string, x: number, y: number, w = 120, h = 60, shape: Placed['shape'] = 'box'): Placed => ({
  id,
  kind: 'worker',
  shape,
  x,
  y,
  w,
  h,
});
const inside = (n: Placed, p: { x: number; y: number }) =>
  Math.abs(p.x - n.x) < n.w / 2 && Math.abs(p.y - n.y) < n.h / 2;

describe('flightPoint', () => {
  it('never draws a message on its sender or its target: it leaves one edge and reaches the other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: -400, max: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (dx, dy, p) => {
          const a = box('a', 0, 0);
          const b = box('b', dx, dy);
          // Boxes apart (a dense map where they touch is drawn centre to centre).
          fc.pre(Math.abs(dx) > 130 || Math.abs(dy) > 70);
          const at = flightPoint(a, b, p);
          expect(inside(a, at)).toBe(false);
          expect(inside(b, at)).toBe(false);
          // On the line between the centres, and moving along it.
          expect(Math.abs(at.x * dy - at.y * dx) / Math.hypot(dx, dy)).toBeLessThan(1e-6);
          const later = flightPoint(a, b, Math.min(1, p + 0.1));
          expect(later.x * dx + later.y * dy).toBeGreaterThanOrEqual(at.x * dx + at.y * dy - 1e-9);
        },
      ),
    );
  });

  it('starts and ends just outside the boxes', () => {
    const a = box('a', 0, 0);
    const b = box('b', 400, 0);
    expect(flightPoint(a, b, 0)).toEqual({ x: 63, y: 0 });
    expect(flightPoint(a, b, 1)).toEqual({ x: 337, y: 0 });
    const zk = box('zk', 0, 300, 60, 60, 'circle');
    expect(flightPoint(a, zk, 1).y).toBeCloseTo(300 - 33);
  });

  it('draws a message a daemon sends itself over its box, in an arc, never on it', () => {
    const m = box('master-1', 200, 100);
    const points = [0, 0.25, 0.5, 0.75, 1].map((p) => flightPoint(m, m, p));
    for (const q of points) expect(q.y).toBeLessThan(100 - 30);
    expect(points[2].y).toBeLessThan(points[0].y);
    expect(points[0].x).toBeLessThan(points[4].x);
  });

  it('draws boxes that overlap centre to centre', () => {
    const a = box('a', 0, 0);
    const b = box('b', 50, 0);
    expect(flightPoint(a, b, 0.5)).toEqual({ x: 25, y: 0 });
  });
});
