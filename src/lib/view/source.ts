/**
 * Where the page's trace comes from. A live simulation can extend its trace (step, run on) and
 * take faults; a recorded trace (a real log, a run file that carries its events) can only be
 * watched. Either way the player reads the same two things: a header and the events.
 */
import type { Session } from '../runtime/session';
import type { Scenario } from '../scenario/load';
import { eventArray, type TimedEvents } from '../sim/event-array';
import type { TraceEvent } from '../sim/types';
import { releaseOf } from '../spark/config';
import { headerOfSpec, type TraceHeader } from '../world/header';

export interface SimulationSource {
  kind: 'simulation';
  header: TraceHeader;
  events: TimedEvents;
  session: Session;
  scenario: Scenario;
  seed: number;
  /** The catalog file it came from (`04-zookeeper-failover.json`), when it did. */
  file: string | null;
}

export interface RecordedSource {
  kind: 'recorded';
  header: TraceHeader;
  events: TimedEvents;
}

export type TraceSource = SimulationSource | RecordedSource;

export function simulationSource(session: Session, file: string | null): SimulationSource {
  const scenario = session.scenario;
  return {
    kind: 'simulation',
    header: headerOfSpec(session.sim.spec, {
      title: scenario.name,
      description: scenario.description,
      sparkVersion: releaseOf(scenario.conf.sparkVersion),
    }),
    events: session.sim.events,
    session,
    scenario,
    seed: session.sim.spec.seed,
    file,
  };
}

export function recordedSource(header: TraceHeader, events: readonly TraceEvent[]): RecordedSource {
  return { kind: 'recorded', header, events: eventArray(events) };
}
