/**
 * Where each node sits in the topology: masters and ZooKeeper in a row at the top, workers in a
 * grid below, applications and the submission client on the left. Sizes shrink with the cluster.
 */
import type { NodeSpec } from '../sim/kernel';

export interface Placed {
  id: string;
  kind: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export function layout(nodes: readonly NodeSpec[], width: number, height: number): Placed[] {
  const top = nodes.filter((n) => n.kind === 'master' || n.kind === 'zookeeper');
  const side = nodes.filter((n) => n.kind === 'app' || n.kind === 'submit');
  const workers = nodes.filter((n) => n.kind === 'worker');
  const out: Placed[] = [];
  const left = side.length > 0 ? Math.min(150, width * 0.16) : 0;
  const mw = Math.min(150, (width - left) / Math.max(1, top.length) - 16);
  top.forEach((n, i) => {
    const slot = (width - left) / top.length;
    out.push({ id: n.id, kind: n.kind, x: left + slot * (i + 0.5), y: 48, w: mw, h: 58 });
  });
  side.forEach((n, i) => {
    const slot = (height - 20) / Math.max(1, side.length);
    out.push({
      id: n.id,
      kind: n.kind,
      x: left / 2 + 4,
      y: 20 + slot * (i + 0.5),
      w: left - 16,
      h: Math.min(40, slot - 6),
    });
  });
  const areaTop = 130;
  const areaH = Math.max(60, height - areaTop - 10);
  const areaW = width - left - 10;
  const n = workers.length;
  if (n > 0) {
    // Columns and rows so cells stay about 2:1 wide.
    let cols = Math.max(1, Math.ceil(Math.sqrt((n * areaW) / (2 * areaH))));
    cols = Math.min(cols, n);
    const rows = Math.ceil(n / cols);
    const cw = areaW / cols;
    const ch = areaH / rows;
    workers.forEach((node, i) => {
      const c = i % cols;
      const r = Math.floor(i / cols);
      out.push({
        id: node.id,
        kind: node.kind,
        x: left + 5 + cw * (c + 0.5),
        y: areaTop + ch * (r + 0.5),
        w: Math.max(4, Math.min(150, cw - 8)),
        h: Math.max(4, Math.min(64, ch - 8)),
      });
    });
  }
  return out;
}
