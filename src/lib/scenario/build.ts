/**
 * From a loaded scenario to the kernel's node list: which daemon runs where, with which
 * configuration, starting when. Node ids are the scenario's (`master-1`, `worker-3`, `zk`, `app-1`,
 * `client`); actor kinds are the Spark model's.
 */
import type { KernelSpec, NodeSpec } from '../sim/kernel';
import { recoveryMount } from '../spark/master/persistence';
import type { AppParams } from '../spark/appclient/actor';
import type { MasterParams } from '../spark/master/actor';
import type { SubmitParams } from '../spark/submit/client';
import type { WorkerParams } from '../spark/worker/actor';
import { ZK_MOUNT } from '../spark/zookeeper/mount';
import type { Scenario } from './load';
import { releaseOf } from '../spark/config';

export interface BuildOptions {
  /** false: daemons do not check their own invariants (for benchmarks). */
  invariants?: boolean;
  /** false: every event goes through XState's interpreter (see `spark/transition-cache.ts`). */
  fastPath?: boolean;
}

export function kernelSpec(s: Scenario, seed: number = s.seed, opts: BuildOptions = {}): KernelSpec {
  const check = opts.invariants !== false;
  const fast = opts.fastPath === false ? { fastPath: false } : {};
  const conf = s.conf;
  const masterAddresses = s.masters.map((m) => `${m.host}:${m.port}`);
  const nodes: NodeSpec[] = [];
  for (const m of s.masters) {
    const params: MasterParams = { host: m.host, port: m.port, conf, check, ...fast };
    const node: NodeSpec<MasterParams> = {
      id: m.id,
      address: `${m.host}:${m.port}`,
      kind: 'master',
      params,
      startAt: m.at,
    };
    if (m.aliases) node.aliases = m.aliases;
    if (conf.recoveryMode === 'FILESYSTEM' || conf.recoveryMode === 'ROCKSDB')
      node.mounts = [recoveryMount(conf.recoveryDirectory)];
    nodes.push(node);
  }
  if (s.zookeeper) {
    const z = s.zookeeper;
    nodes.push({
      id: z.id,
      address: `${z.host}:${z.port}`,
      kind: 'zookeeper',
      params: {},
      startAt: 0,
      mounts: [ZK_MOUNT],
    });
  }
  for (const w of s.workers) {
    const params: WorkerParams = {
      host: w.host,
      port: w.port,
      cores: w.cores,
      memory: w.memory,
      masters: w.masters,
      conf,
      failExecutors: w.failExecutors,
      ...(w.resources ? { resources: w.resources } : {}),
      check,
      ...fast,
    };
    nodes.push({ id: w.id, address: `${w.host}:${w.port}`, kind: 'worker', params, startAt: w.at });
  }
  for (const a of s.apps) {
    const params: AppParams = {
      host: a.host,
      port: a.port,
      masters: masterAddresses,
      desc: {
        name: a.name,
        memoryPerExecutorMB: a.memoryPerExecutor,
        ...(a.maxCores !== undefined ? { maxCores: a.maxCores } : {}),
        ...(a.coresPerExecutor !== undefined ? { coresPerExecutor: a.coresPerExecutor } : {}),
        ...(a.initialExecutorLimit !== undefined ? { initialExecutorLimit: a.initialExecutorLimit } : {}),
        ...(a.executorDuration !== undefined ? { executorRunMs: a.executorDuration } : {}),
        ...(a.executorExitCode !== undefined ? { executorExitCode: a.executorExitCode } : {}),
        ...(a.executorResources !== undefined ? { resourceReqsPerExecutor: a.executorResources } : {}),
      },
      ...(a.resourceProfiles !== undefined ? { profiles: a.resourceProfiles } : {}),
      ...(a.duration !== undefined ? { runMs: a.duration } : {}),
      ...(a.requests !== undefined ? { requests: a.requests } : {}),
      ...(conf.sparkVersion === '4.0' ? {} : { version: releaseOf(conf.sparkVersion) }),
      ...fast,
    };
    nodes.push({ id: a.id, address: `${a.host}:${a.port}`, kind: 'app', params, startAt: a.at });
  }
  if (s.client) {
    const params: SubmitParams = {
      masters: masterAddresses,
      askTimeoutMs: conf.askTimeoutMs,
      requests: s.requests,
      drivers: s.drivers.map((d) => ({
        at: d.at,
        desc: {
          jarUrl: 'file:/opt/spark/examples/jars/spark-examples.jar',
          mainClass: d.mainClass,
          mem: d.memory,
          cores: d.cores,
          supervise: d.supervise,
          exitCode: d.exitCode,
          ...(d.duration !== undefined ? { runMs: d.duration } : {}),
          ...(d.runs !== undefined
            ? {
                runs: d.runs.map((r) => ({
                  exitCode: r.exitCode,
                  ...(r.duration !== undefined ? { runMs: r.duration } : {}),
                })),
              }
            : {}),
          ...(d.failToStart ? { failToStart: true } : {}),
          ...(d.resources !== undefined ? { resourceReqs: d.resources } : {}),
        },
      })),
    };
    nodes.push({ id: s.client.id, address: `${s.client.host}:${s.client.port}`, kind: 'submit', params, startAt: 0 });
  }
  return { seed, network: s.network, nodes, faults: s.faults };
}
