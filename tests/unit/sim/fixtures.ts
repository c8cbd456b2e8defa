import { InProcessHost } from '../../../src/lib/sim/host';
import type { KernelSpec, NodeSpec } from '../../../src/lib/sim/kernel';
import type { NetworkConfig } from '../../../src/lib/sim/network';
import { pingKind, type PingParams } from '../../../src/lib/sim/ping';
import { Simulation } from '../../../src/lib/sim/simulation';
import type { Fault, TraceEvent } from '../../../src/lib/sim/types';

export const registry = { ping: pingKind };

export function pingNode(id: string, params: Partial<PingParams> = {}, startAt = 0): NodeSpec<PingParams> {
  return { id, address: `${id}:1`, kind: 'ping', params: { peers: [], period: 0, ...params }, startAt };
}

export function sim(
  nodes: NodeSpec[],
  opts: {
    seed?: number;
    network?: NetworkConfig;
    faults?: { at: number; fault: Fault }[];
    checkpointEvery?: number;
  } = {},
) {
  const spec: KernelSpec = {
    seed: opts.seed ?? 1,
    network: opts.network ?? { latency: { dist: 'constant', ms: 5 }, loss: 0 },
    nodes,
    faults: opts.faults ?? [],
  };
  const host = new InProcessHost(registry);
  return { s: new Simulation(spec, host, { checkpointEvery: opts.checkpointEvery ?? 64 }), host };
}

export const kinds = (events: Iterable<TraceEvent>) =>
  [...events].map((e) => `${e.t}:${e.kind}:${e.node}${e.msg ? ':' + e.msg : ''}`);
