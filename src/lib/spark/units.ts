/**
 * Spark's unit strings. Durations follow `JavaUtils.timeStringAs` ("500ms", "60s", "5min", "2h",
 * "1d", "100us"); memory follows `JavaUtils.byteStringAs` ("512m", "1g", "2048k"), stored in MB.
 */

const TIME_UNITS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const BYTE_UNITS: Record<string, number> = {
  b: 1 / (1024 * 1024),
  k: 1 / 1024,
  kb: 1 / 1024,
  m: 1,
  mb: 1,
  g: 1024,
  gb: 1024,
  t: 1024 * 1024,
  tb: 1024 * 1024,
  p: 1024 * 1024 * 1024,
  pb: 1024 * 1024 * 1024,
};

/**
 * A duration in milliseconds. Numbers are milliseconds; a string without a unit takes
 * `defaultUnit` (as Spark does per config key). Returns null when the text is not a duration.
 */
export function parseDuration(value: unknown, defaultUnit: keyof typeof TIME_UNITS = 'ms'): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m) return null;
  const unit = m[2].toLowerCase() || defaultUnit;
  const factor = TIME_UNITS[unit];
  if (factor === undefined) return null;
  return Math.round(Number(m[1]) * factor);
}

/** A memory size in MB. Numbers are MB; a string without a unit is MB too. Null when invalid. */
export function parseMemory(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m) return null;
  const factor = BYTE_UNITS[m[2].toLowerCase() || 'm'];
  if (factor === undefined) return null;
  return Math.floor(Number(m[1]) * factor);
}

/** Prints a duration the short way: 500ms, 15s, 2min, 1h. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}min`;
  if (ms % 1000 === 0 && ms >= 1000) return `${ms / 1000}s`;
  return `${ms}ms`;
}
