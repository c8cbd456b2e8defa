/**
 * Spark's ways of printing things: byte sizes (`Utils.megabytesToString`), spark:// URLs and the
 * ids the Master and Worker mint (`app-%s-%04d`, `driver-%s-%04d`, `worker-%s-%s-%d`).
 */

/** Virtual time 0 is this instant (UTC); ids and log dates are printed relative to it. */
export const SIM_EPOCH_MS = Date.UTC(2025, 5, 1, 9, 0, 0);

export const SPARK_VERSION = '4.0.1';

/** `Utils.bytesToString` on a size given in MB: "512.0 MiB", "1024.0 MiB", "2.0 GiB". */
export function megabytesToString(mb: number): string {
  const bytes = mb * 1024 * 1024;
  const units: [string, number][] = [
    ['EiB', 2 ** 60],
    ['PiB', 2 ** 50],
    ['TiB', 2 ** 40],
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ];
  for (const [unit, size] of units) {
    if (bytes >= 2 * size) return `${(bytes / size).toFixed(1)} ${unit}`;
  }
  return `${bytes} B`;
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
export function logDate(virtualMs: number): string {
  const d = new Date(SIM_EPOCH_MS + virtualMs);
  return `${pad(d.getUTCFullYear() % 100)}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function appId(virtualMs: number, n: number): string {
  return `app-${dateStamp(virtualMs)}-${pad(n, 4)}`;
}

export function driverId(virtualMs: number, n: number): string {
  return `driver-${dateStamp(virtualMs)}-${pad(n, 4)}`;
}

export function workerId(virtualMs: number, host: string, port: number): string {
  return `worker-${dateStamp(virtualMs)}-${host}-${port}`;
}

/** Default web UI ports: master 8080, worker 8081. */
export function webUiUrl(host: string, port: number): string {
  return `http://${host}:${port}`;
}
