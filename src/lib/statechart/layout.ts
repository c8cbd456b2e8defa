/**
 * Lays a statechart out with ELK's layered algorithm (elkjs), states nested in their parents and
 * arrows routed across levels. Run by `npm run statecharts` and by the test that checks
 * `charts.json`; the page only reads the result, so ELK (1.6 MB) never ships to it.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { SourceRef } from '../sim/types';
import { CHART_FONT, labelLines } from './label';
import type { Box, ChartEdge, ChartGraph, ChartLayout, Point } from './types';

const STATE_HEIGHT = 28;
const TITLE = 24;

const textWidth = (s: string, size: number) => Math.ceil(s.length * size * CHART_FONT.charWidth);
const round = (n: number) => Math.round(n * 10) / 10;

/** The transitions between the same two states, as one arrow each pair. */
function arrowsOf(
  graph: ChartGraph,
): { id: string; from: string; to: string; transitions: string[]; lines: string[] }[] {
  const arrows = new Map<string, { id: string; from: string; to: string; transitions: string[]; lines: string[] }>();
  for (const t of graph.transitions) {
    const id = `${t.from}->${t.to}`;
    let a = arrows.get(id);
    if (!a) arrows.set(id, (a = { id, from: t.from, to: t.to, transitions: [], lines: [] }));
    a.transitions.push(t.id);
    a.lines.push(...labelLines(t));
  }
  return [...arrows.values()];
}

export async function layoutChart(graph: ChartGraph, refs: Record<string, SourceRef[]>): Promise<ChartLayout> {
  const nodes = new Map<string, ElkNode>();
  for (const s of graph.states) {
    const node: ElkNode = { id: `s:${s.path}`, children: [], edges: [] };
    if (s.type === 'compound') {
      node.layoutOptions = {
        'elk.padding': `[top=${TITLE},left=10,bottom=10,right=10]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${textWidth(s.key, CHART_FONT.state) + 24},${TITLE + 20})`,
      };
    } else {
      node.width = textWidth(s.key, CHART_FONT.state) + 24;
      node.height = STATE_HEIGHT;
    }
    nodes.set(s.path, node);
    if (s.parent !== null) nodes.get(s.parent)!.children!.push(node);
  }
  const root = nodes.get('')!;
  const arrows = arrowsOf(graph);
  const edges: ElkExtendedEdge[] = arrows.map((a) => ({
    id: a.id,
    sources: [`s:${a.from}`],
    targets: [`s:${a.to}`],
    labels: [
      {
        id: `l:${a.id}`,
        text: a.lines.join('\n'),
        width: Math.max(...a.lines.map((l) => textWidth(l, CHART_FONT.label))) + 6,
        height: a.lines.length * CHART_FONT.labelLine + 3,
      },
    ],
  }));
  const top: ElkNode = {
    id: 'chart',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '30',
      'elk.spacing.nodeNode': '16',
      'elk.spacing.edgeLabel': '2',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.randomSeed': '1',
    },
    children: [root],
    edges,
  };
  const out = await new ELK().layout(top);

  const boxes: Record<string, Box> = {};
  const place = (n: ElkNode, dx: number, dy: number) => {
    const x = dx + (n.x ?? 0);
    const y = dy + (n.y ?? 0);
    if (n.id.startsWith('s:')) {
      boxes[n.id.slice(2)] = { x: round(x), y: round(y), width: round(n.width ?? 0), height: round(n.height ?? 0) };
    }
    for (const c of n.children ?? []) place(c, x, y);
  };
  place(out, 0, 0);

  // Edge coordinates are relative to the node they are contained in (ELK's `container`).
  const offset = (container: string | undefined): Point => {
    const b = container?.startsWith('s:') ? boxes[container.slice(2)] : undefined;
    return b ? { x: b.x, y: b.y } : { x: 0, y: 0 };
  };
  const laid = new Map<string, Omit<ChartEdge, 'id' | 'from' | 'to' | 'transitions'>>();
  const collect = (n: ElkNode) => {
    for (const e of (n.edges ?? []) as (ElkExtendedEdge & { container?: string })[]) {
      const o = offset(e.container);
      const points: Point[] = [];
      for (const s of e.sections ?? []) points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
      const l = e.labels?.[0];
      laid.set(e.id, {
        points: points.map((p) => ({ x: round(p.x + o.x), y: round(p.y + o.y) })),
        label: {
          x: round((l?.x ?? 0) + o.x),
          y: round((l?.y ?? 0) + o.y),
          width: round(l?.width ?? 0),
          height: round(l?.height ?? 0),
        },
      });
    }
    for (const c of n.children ?? []) collect(c);
  };
  collect(out);
  return {
    ...graph,
    width: round(out.width ?? 0),
    height: round(out.height ?? 0),
    boxes,
    edges: arrows.map((a) => ({
      id: a.id,
      from: a.from,
      to: a.to,
      transitions: a.transitions,
      ...(laid.get(a.id) ?? { points: [], label: { x: 0, y: 0, width: 0, height: 0 } }),
    })),
    refs,
  };
}
