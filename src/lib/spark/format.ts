/**
 * Spark's ways of printing things: byte sizes (`Utils.megabytesToString`), spark:// URLs and the
 * ids the Master and Worker mint (`app-%s-%04d`, `driver-%s-%04d`, `worker-%s-%s-%d`).
 */
import { formatRam } from './log-templates/field-types';
import { formatPattern } from './config';

/** Virtual time 0 is this instant (UTC); ids and log dates are printed relative to it. */
export const SIM_EPOCH_MS = Date.UTC(2025, 5, 1, 9, 0, 0);

export const SPARK_VERSION = '4.0.1';

/** `Utils.bytesToString` on a size given in MB, as the modelled version prints it: "512.0 MiB", "2.0 GiB". */
export function megabytesToString(mb: number): string {
  return formatRam(mb, SPARK_VERSION);
}

/** The host and the port of an RPC address `host:port`, as a log template's fields. */
export function hostPort(address: string, prefix: '' | 'master' = ''): Record<string, string> {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i);
  const port = address.slice(i + 1);
  return prefix === '' ? { host, port } : { masterHost: host, masterPort: port };
}

export function sparkUrl(address: string): string {
  return `spark://${address}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `yyyyMMddHHmmss` of a virtual time. */
export function dateStamp(virtualMs: number): string {
  const d = new Date(SIM_EPOCH_MS + virtualMs);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** `yy/MM/dd HH:mm:ss`, the date of Spark's default log layout. */
/** The date Spark's layout prints at a virtual time (from the simulation's epoch, or another: a replayed log's). */
export function logDate(virtualMs: number, epochMs = SIM_EPOCH_MS): string {
  const d = new Date(epochMs + virtualMs);
  return `${pad(d.getUTCFullYear() % 100)}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function appId(virtualMs: number, n: number, pattern = 'app-%s-%04d'): string {
  return formatPattern(pattern, [dateStamp(virtualMs), n]);
}

export function driverId(virtualMs: number, n: number, pattern = 'driver-%s-%04d'): string {
  return formatPattern(pattern, [dateStamp(virtualMs), n]);
}

export function workerId(virtualMs: number, host: string, port: number, pattern = 'worker-%s-%s-%d'): string {
  return formatPattern(pattern, [dateStamp(virtualMs), host, port]);
}

/** Default web UI ports: master 8080, worker 8081. */
export function webUiUrl(host: string, port: number): string {
  return `http://${host}:${port}`;
}
