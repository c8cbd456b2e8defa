/**
 * A run as a document: what it takes to make the same run again, byte for byte — the scenario,
 * the seed, every fault injected while watching (where and when), how far it was run — plus the
 * moment being looked at. Run files, share links and the autosave all carry one.
 */
import { checkFault, docOfFault } from '../scenario/fault';
import type { Scenario } from '../scenario/load';
import type { Problem } from '../scenario/problems';
import type { FaultBodyDoc } from '../scenario/schema';
import type { Injection } from '../sim/simulation';

/** A fault injected while watching, as written (nodes by id), at the cursor and time it was made. */
export interface InjectedFault {
  index: number;
  at: number;
  fault: FaultBodyDoc;
}

export interface RunDoc {
  /** The scenario document (as the scenario format writes it). */
  scenario: unknown;
  seed: number;
  injections: InjectedFault[];
  /** How many events the run had, and the virtual time it had been advanced to. */
  events: number;
  until: number;
  /** The moment looked at: events done, and the virtual time shown. */
  cursor: number;
  time: number;
  /** The daemon open in the inspector, if one was. */
  selected?: string;
  /** SHA-256 of the run's trace, to check the run made again is the same run. */
  hash?: string;
}

/** The injections a simulation holds, as a document writes them. */
export function injectedFaults(injections: readonly Injection[]): InjectedFault[] {
  return injections.map((inj) => ({ index: inj.index, at: inj.at, fault: docOfFault(inj.fault) }));
}

/** The injections of a document, checked against the scenario's nodes, as a simulation takes them. */
export function injectionsOf(
  faults: readonly InjectedFault[],
  scenario: Scenario,
  path = 'injections',
): { ok: true; injections: Injection[] } | { ok: false; problems: Problem[] } {
  const nodes = scenarioNodes(scenario);
  const problems: Problem[] = [];
  const injections: Injection[] = [];
  let last = 0;
  faults.forEach((f, i) => {
    const p = `${path}[${i}]`;
    if (!Number.isInteger(f.index) || f.index < last) {
      problems.push({ path: `${p}.index`, message: `expected an event index, not before ${last}, got ${f.index}` });
      return;
    }
    if (typeof f.at !== 'number' || !Number.isFinite(f.at) || f.at < 0) {
      problems.push({ path: `${p}.at`, message: `expected a virtual time in ms, got ${JSON.stringify(f.at)}` });
      return;
    }
    last = f.index;
    const checked = checkFault(f.fault, nodes, `${p}.fault`);
    if (checked.ok) injections.push({ index: f.index, at: f.at, fault: checked.fault });
    else problems.push(...checked.problems);
  });
  return problems.length ? { ok: false, problems } : { ok: true, injections };
}

/** The nodes a scenario's faults may name. */
export function scenarioNodes(scenario: Scenario) {
  return [
    ...scenario.masters,
    ...(scenario.zookeeper ? [scenario.zookeeper] : []),
    ...scenario.workers,
    ...scenario.apps,
    ...(scenario.client ? [scenario.client] : []),
  ];
}
