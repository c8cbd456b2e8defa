/**
 * Picks a runtime for the page: real Web Workers by default, the in-process one on request
 * (`?runtime=inprocess`) or where Web Workers are missing. The in-process runtime carries the whole
 * Spark model onto the main thread, so it is loaded only when chosen.
 */
import type { Scenario } from '../scenario/load';
import type { RuntimeName, Session, SessionOptions } from './session';
import { threadedSession } from './threaded';
import { defaultThreads, webWorkerPort } from './web-worker-port';

export interface CreateOptions extends SessionOptions {
  runtime?: RuntimeName;
  /** Web Workers beyond which daemons share one (default: cores, at least 2). */
  threads?: number;
}

export async function createSession(scenario: Scenario, opts: CreateOptions = {}): Promise<Session> {
  const runtime = opts.runtime ?? (typeof Worker === 'undefined' ? 'inprocess' : 'workers');
  if (runtime === 'inprocess') return (await import('./inprocess')).inProcessSession(scenario, opts);
  return threadedSession(scenario, { ...opts, threads: opts.threads ?? defaultThreads(), factory: webWorkerPort });
}
