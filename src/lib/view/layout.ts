/**
 * Where each node sits in the topology, by its kind's drawing (`DaemonDescriptor.draw`): the top
 * row (masters, ZooKeeper), the side column (clients), and the grid (workers). Sizes shrink with
 * the cluster.
 */
import { daemonOf } from '../spark/daemons';
import type { NodeInfo } from '../world/header';

export interface Placed {
  id: string;
  kind: string;
  shape: 'box' | 'circle';
  x: number;
  y: number;
  w: number;
  h: number;
}

export function layout(nodes: readonly NodeInfo[], w: number, h: number): Placed[] {
  // A panel not laid out yet (or measured as nothing) is drawn at a small size, never at NaN.
  const width = Math.max(320, w || 0);
  const height = Math.max(240, h || 0);
  const drawing = (n: NodeInfo) =>
    daemonOf(n.kind)?.draw ?? { place: 'grid' as const, shape: 'box' as const, order: 9 };
  const at = (place: string) =>
    nodes.filter((n) => drawing(n).place === place).sort((a, b) => drawing(a).order - drawing(b).order);
  const top = at('top');
  const side = at('side');
  const grid = at('grid');
  const out: Placed[] = [];
  // Wide enough on a phone for "Registered" in a client's box.
  const left = side.length > 0 ? Math.min(150, Math.max(76, width * 0.16)) : 0;
  // The top row (masters, ZooKeeper) in two rows where one would squeeze its boxes under 90 px
  // (a phone's three masters and ZooKeeper).
  const topRows = top.length > 2 && (width - left) / top.length - 16 < 90 ? 2 : 1;
  const perRow = Math.ceil(top.length / topRows);
  const mw = Math.max(40, Math.min(150, (width - left) / Math.max(1, perRow) - 16));
  top.forEach((n, i) => {
    const row = Math.floor(i / perRow);
    const inRow = row === topRows - 1 ? top.length - row * perRow : perRow;
    const slot = (width - left) / inRow;
    const x = left + slot * ((i % perRow) + 0.5);
    out.push({
      id: n.id,
      kind: n.kind,
      shape: drawing(n).shape,
      x,
      y: topRows > 1 ? 50 + row * 66 : 48,
      w: mw,
      h: topRows > 1 ? 56 : 62,
    });
  });
  side.forEach((n, i) => {
    const slot = (height - 20) / Math.max(1, side.length);
    out.push({
      id: n.id,
      kind: n.kind,
      shape: drawing(n).shape,
      x: left / 2 + 4,
      y: 20 + slot * (i + 0.5),
      w: left - 16,
      h: Math.min(44, slot - 6),
    });
  });
  const areaTop = 130 + (topRows - 1) * 66;
  const areaH = Math.max(60, height - areaTop - 10);
  const areaW = width - left - 10;
  const n = grid.length;
  if (n > 0) {
    // Columns and rows so cells stay about 2:1 wide.
    let cols = Math.max(1, Math.ceil(Math.sqrt((n * areaW) / (2 * areaH))));
    cols = Math.min(cols, n);
    const rows = Math.ceil(n / cols);
    const cw = areaW / cols;
    const ch = areaH / rows;
    grid.forEach((node, i) => {
      const c = i % cols;
      const r = Math.floor(i / cols);
      out.push({
        id: node.id,
        kind: node.kind,
        shape: drawing(node).shape,
        x: left + 5 + cw * (c + 0.5),
        y: areaTop + ch * (r + 0.5),
        w: Math.max(4, Math.min(150, cw - 8)),
        h: Math.max(4, Math.min(68, ch - 8)),
      });
    });
  }
  return out;
}
