/**
 * A daemon stopped by SIGTERM (the `stop` fault), as Spark's JVM does it: the signal logger that
 * `SignalUtils.registerLogger` installed prints `RECEIVED SIGNAL TERM` under the daemon's logger,
 * the JVM runs its shutdown hooks (`Shutdown hook called`), and the process exits with 128 + 15.
 * Neither `Master.onStop` nor `Worker.onStop` tells anyone: peers learn it from the closed
 * connections, as after a kill.
 */
import type { Env } from './master/context';
import { print } from './print';
import { SIGNAL_UTILS, ref } from './refs';

export const SIGTERM_EXIT_CODE = 143;

export function stopOnSigterm(env: Env, daemon: 'master' | 'worker'): void {
  const io = env.io;
  io.handler(ref(SIGNAL_UTILS, 'registerLogger'));
  print(io, `${daemon}.received-signal`, { signal: 'TERM' });
  print(io, 'infra.shutdown-hook-called', {});
  io.exit(SIGTERM_EXIT_CODE, 'RECEIVED SIGNAL TERM');
}
