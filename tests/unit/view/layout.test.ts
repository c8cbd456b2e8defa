/**
 * Where the topology puts each daemon: boxes never overlap and stay on the map, at a projector's
 * width and at a phone's, where the three masters and ZooKeeper take two rows instead of four
 * squeezed boxes.
 */
import { describe, expect, it } from 'vitest';
import { layout, type Placed } from '../../../src/lib/view/layout';
import type { NodeInfo } from '../../../src/lib/world/header';

const node = (id: string, kind: string): NodeInfo => ({ id, kind, address: `${id}:7077`, facts: {} });
const cluster: NodeInfo[] = [
  node('master-1', 'master'),
  node('master-2', 'master'),
  node('master-3', 'master'),
  node('zk', 'zookeeper'),
  node('app-1', 'app'),
  node('worker-1', 'worker'),
  node('worker-2', 'worker'),
  node('worker-3', 'worker'),
];

const overlap = (a: Placed, b: Placed) =>
  Math.abs(a.x - b.x) < (a.w + b.w) / 2 && Math.abs(a.y - b.y) < (a.h + b.h) / 2;

describe('the topology layout', () => {
  it.each([
    [1280, 420, 1],
    [900, 420, 1],
    [390, 391, 2],
  ])(
    'at %i×%i: the top nodes in %i row(s), wide enough for a word, no box over another, all on the map',
    (w, h, rows) => {
      const placed = layout(cluster, w, h);
      const top = placed.filter((p) => p.kind === 'master' || p.kind === 'zookeeper');
      expect(new Set(top.map((p) => p.y)).size).toBe(rows);
      for (const p of top) expect(p.w).toBeGreaterThanOrEqual(90);
      for (const [i, a] of placed.entries())
        for (const b of placed.slice(i + 1)) expect(overlap(a, b), `${a.id} over ${b.id}`).toBe(false);
      for (const p of placed) {
        expect(p.x - p.w / 2).toBeGreaterThanOrEqual(0);
        expect(p.x + p.w / 2).toBeLessThanOrEqual(w);
        expect(p.y - p.h / 2).toBeGreaterThanOrEqual(0);
        expect(p.y + p.h / 2).toBeLessThanOrEqual(h);
      }
    },
  );
});
