/**
 * Start-up lines that the Master and the Worker print alike (under their own logger): the
 * process name, the version, the signal handlers (1.x) and the web UI binding, and the signal that
 * stops it (SIGTERM: `RECEIVED SIGNAL TERM`, from the logger `SignalUtils.registerLogger` installs). Written once here
 * and instantiated for each daemon.
 */
import { MASTER, UTILS, WEB_UI, WORKER, SIGNAL_UTILS, ref } from '../refs';
import { defineTemplates } from './template';

const SIDES = {
  master: { logger: 'Master', ui: 'MasterWebUI', file: MASTER },
  worker: { logger: 'Worker', ui: 'WorkerWebUI', file: WORKER },
} as const;

export function daemonStartupTemplates<const D extends keyof typeof SIDES>(daemon: D) {
  const side = SIDES[daemon];
  return defineTemplates([
    {
      id: `${daemon}.started-daemon`,
      daemon,
      level: 'INFO',
      logger: side.logger,
      text: 'Started daemon with process name: {pid}@{hostname}',
      fields: { pid: 'int', hostname: 'word' },
      ref: ref(UTILS, 'initDaemon'),
    },
    {
      // 1.x `SignalLogger.register(log)`, under the daemon's own logger; 2.0 moved it to SignalUtils.
      id: `${daemon}.signal-handlers`,
      daemon,
      level: 'INFO',
      logger: side.logger,
      text: 'Registered signal handlers for [{signals}]',
      fields: { signals: 'text' },
      ref: ref(SIGNAL_UTILS, 'registerLogger'),
      versions: { before: '2.0', approx: true },
    },
    {
      // `SignalUtils.registerLogger(log)` logs a TERM, HUP or INT under the daemon's own logger.
      id: `${daemon}.received-signal`,
      daemon,
      level: 'ERROR',
      logger: side.logger,
      text: 'RECEIVED SIGNAL {signal}',
      fields: { signal: 'word' },
      ref: ref(SIGNAL_UTILS, 'registerLogger'),
    },
    {
      id: `${daemon}.running-version`,
      daemon,
      level: 'INFO',
      logger: side.logger,
      text: 'Running Spark version {version}',
      fields: { version: 'word' },
      ref: ref(side.file, 'onStart'),
    },
    {
      id: `${daemon}.web-ui-bound`,
      daemon,
      level: 'INFO',
      logger: side.ui,
      text: `Bound ${side.ui} to {bindHost}, and started at {url}`,
      fields: { bindHost: 'word', url: 'word' },
      // 1.6.2 prints the old wording (11a, 11b), 2.0.2 the new one (15a, 15b).
      older: [{ before: '2.0', text: `Started ${side.ui} at {url}` }],
      ref: ref(WEB_UI, 'bind'),
    },
  ]);
}
