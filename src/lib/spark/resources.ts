/**
 * Custom resources (GPUs, FPGAs, …) as Spark Standalone accounts for them [3.0+] (spec §a.1,
 * §e.2–e.4): what a worker has (`ResourceInformation`: a name and its addresses), what an
 * executor or a driver asks for (`ResourceRequirement`: a name and an amount), and the Master's
 * address allocator (`WorkerResourceInfo`, `ResourceAllocator`). Plain JSON records and pure
 * functions; a map with no entry is the same as none.
 */
import { atLeast } from './config';

/** `Map[String, ResourceInformation]`: each resource's addresses, by name. */
export type Resources = Record<string, string[]>;

/** `Seq[ResourceRequirement]`: how many addresses of each resource, by name. */
export type ResourceAmounts = Record<string, number>;

/** Resources custom to Standalone came with 3.0 (SPARK-27369, SPARK-27371). */
export const RESOURCES_SINCE = '3.0';
/** The Master schedules non-default resource profiles from 3.4 (SPARK-39062). */
export const RESOURCE_PROFILES_SINCE = '3.4';
/** `ResourceProfile.DEFAULT_RESOURCE_PROFILE_ID`. */
export const DEFAULT_RESOURCE_PROFILE_ID = 0;

export const hasResources = (r: Readonly<Record<string, unknown>> | undefined): boolean =>
  r !== undefined && Object.keys(r).length > 0;

/** Names in the order Spark sorts requirements (`sortBy(_.resourceName)`). */
const names = (r: Readonly<Record<string, unknown>>) => Object.keys(r).sort(byString);
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `ResourceAllocator.availableAddrs`: the addresses not in use, sorted as strings ("10" before "2"). */
export function availableAddresses(all: readonly string[], used: readonly string[] = []): string[] {
  return all.filter((a) => !used.includes(a)).sort(byString);
}

/** `WorkerInfo.resourcesAmountFree`. */
export function amountsFree(all: Resources | undefined, used: Resources | undefined): ResourceAmounts {
  const out: ResourceAmounts = {};
  for (const name of names(all ?? {})) out[name] = availableAddresses(all![name], used?.[name]).length;
  return out;
}

/** `ResourceUtils.resourcesMeetRequirements`: a resource the worker lacks has 0 free. */
export function meetsRequirements(free: ResourceAmounts, reqs: ResourceAmounts | undefined): boolean {
  for (const name of names(reqs ?? {})) if ((free[name] ?? 0) < reqs![name]) return false;
  return true;
}

/** The amounts left after `times` executors of `reqs` each (`scheduleExecutorsOnWorkers`). */
export function minus(free: ResourceAmounts, reqs: ResourceAmounts | undefined, times: number): ResourceAmounts {
  if (!hasResources(reqs) || times === 0) return free;
  const out = { ...free };
  for (const name of Object.keys(out)) out[name] -= (reqs![name] ?? 0) * times;
  return out;
}

/**
 * `WorkerInfo.acquireResources`: the lowest free addresses of each requirement (the caller checked
 * they are there), marked used. Returns what it took.
 */
export function acquire(all: Resources, used: Resources, reqs: ResourceAmounts | undefined): Resources {
  const taken: Resources = {};
  for (const name of names(reqs ?? {})) {
    const addresses = availableAddresses(all[name] ?? [], used[name]).slice(0, reqs![name]);
    used[name] = [...(used[name] ?? []), ...addresses].sort(byString);
    taken[name] = addresses;
  }
  return taken;
}

/**
 * `WorkerInfo.recoverResources`: marks given addresses used again (a new leader learns them from
 * the worker). An address already in use, or one the worker lacks, is Spark's `SparkException`:
 * its text is returned and nothing from that address on is taken.
 */
export function recover(all: Resources, used: Resources, taken: Resources | undefined, line: string): string | null {
  for (const name of names(taken ?? {})) {
    for (const address of taken![name]) {
      if (!(all[name] ?? []).includes(address)) {
        return `Try to acquire an address that doesn't exist. ${name} address ${address} doesn't exist.`;
      }
      if ((used[name] ?? []).includes(address)) {
        return atLeast(line, '4.0')
          ? `Try to acquire ${name} address ${address} amount: 1.0, but only 0.0 left.`
          : `Try to acquire an address that is not available. ${name} address ${address} is not available.`;
      }
      used[name] = [...(used[name] ?? []), address].sort(byString);
    }
  }
  return null;
}

/** `WorkerInfo.releaseResources`: the addresses are free again. */
export function release(used: Resources, taken: Resources | undefined): void {
  for (const name of names(taken ?? {})) {
    const back = taken![name];
    used[name] = (used[name] ?? []).filter((a) => !back.includes(a));
  }
}

/** `ResourceInformation.toString`: `[name: gpu, addresses: 0,1]`. */
export function resourceInformation(name: string, addresses: readonly string[]): string {
  return `[name: ${name}, addresses: ${addresses.join(',')}]`;
}

/** What `ResourceUtils.logResourceInfo` prints after its heading: `gpu -> [name: gpu, addresses: 0,1]`, a line each. */
export function resourceLines(r: Resources): string {
  return Object.keys(r)
    .map((name) => `${name} -> ${resourceInformation(name, r[name])}`)
    .join('\n');
}

/**
 * The inverse of `resourceLines`, for a log's `Custom resources for spark.worker:` and what follows
 * it; lines of another shape are skipped. Null when none is there.
 */
export function parseResourceLines(text: string): Resources | null {
  const out: Resources = {};
  for (const line of text.split('\n')) {
    const hit = /^\s*(\S+) -> \[name: (\S+), addresses: ([^\]]*)\]\s*$/.exec(line);
    // A resource found with no address is none (a scenario's resource has at least one).
    if (hit && hit[1] === hit[2] && hit[3] !== '') out[hit[1]] = hit[3].split(',');
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** A worker's resources in one scalar, `gpu: 0,1; fpga: f0`, and back (a node's facts hold scalars). */
export const resourcesFact = (r: Resources): string =>
  Object.entries(r)
    .map(([name, addresses]) => `${name}: ${addresses.join(',')}`)
    .join('; ');
export function resourcesOfFact(fact: string): Resources {
  const out: Resources = {};
  for (const part of fact.split('; ')) {
    const i = part.indexOf(': ');
    if (i > 0)
      out[part.slice(0, i)] = part
        .slice(i + 2)
        .split(',')
        .filter((a) => a !== '');
  }
  return out;
}

/** `StandaloneResourceUtils.formatResourcesAddresses`: `gpu: [0, 1], fpga: [f1]`. */
export function formatAddresses(r: Resources | undefined): string {
  return names(r ?? {})
    .map((name) => `${name}: [${r![name].join(', ')}]`)
    .join(', ');
}

/** `formatResourcesDetails`, the Master's workers table: `gpu: Free: [0, 1] / Used: [2]`. */
export function formatDetails(all: Resources | undefined, used: Resources | undefined): string {
  return names(all ?? {})
    .map(
      (name) =>
        `${name}: Free: [${availableAddresses(all![name], used?.[name]).join(', ')}] / Used: [${[...(used?.[name] ?? [])].sort(byString).join(', ')}]`,
    )
    .join(', ');
}

/** `formatResourceRequirements`: `1 gpu, 2 fpga`. */
export function formatRequirements(reqs: ResourceAmounts | undefined): string {
  return names(reqs ?? {})
    .map((name) => `${reqs![name]} ${name}`)
    .join(', ');
}

/** A worker's addresses from the scenario: an amount gives "0".."n-1"; a list is kept as given. */
export function addressesOf(spec: number | readonly string[]): string[] {
  return typeof spec === 'number' ? Array.from({ length: spec }, (_, i) => String(i)) : [...spec];
}
