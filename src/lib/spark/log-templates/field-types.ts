/**
 * The kinds of value a log template's placeholder holds: how Spark prints each (`render`), the
 * pattern that recognizes it in a line, and the value the parser gives back. Memory is printed by
 * Spark's `Utils.bytesToString`, whose unit names changed in 3.0 (`GB` → `GiB`): the one place in
 * the table where a type, not a wording, depends on the version.
 */
import { inRange, type VersionRange } from './version';

export type FieldValue = string | number;

export type FieldType =
  /** Anything, possibly empty (an app name, a path, an exception message). */
  | 'text'
  /** No spaces: an id, a URL, a state name, an address as printed. */
  | 'word'
  /** A whole number, given back as a number. */
  | 'int'
  /** A host name or IP as printed before `:port` (no `/`; may hold spaces, as a mistyped URL does). */
  | 'host'
  /** A TCP port, given back as a number. */
  | 'port'
  /** Spark's RAM string (`984.0 MB`, `1024.0 MiB`): given back as printed; rendered from MB. */
  | 'ram'
  /** An upper-case enum value: RECOVERING, KILLED. */
  | 'state'
  /** An akka address, `akka.tcp://sparkWorker@host:port` (Spark 1.x). */
  | 'akka-address'
  /** A duration kept in milliseconds and printed in whole seconds. */
  | 'seconds';

/** The unit names of `Utils.bytesToString` before and from 3.0 (the values are binary in both). */
export const RAM_UNITS_CHANGED: VersionRange = { from: '3.0' };

const BINARY_UNITS = ['EiB', 'PiB', 'TiB', 'GiB', 'MiB', 'KiB'] as const;
const DECIMAL_UNITS = ['EB', 'PB', 'TB', 'GB', 'MB', 'KB'] as const;

/**
 * `Utils.megabytesToString` of `mb` as Spark `version` prints it: the largest unit U with
 * size ≥ 2·U, one decimal (`512.0 MiB`, `2.0 GiB`; `29.0 GB` before 3.0).
 */
export function formatRam(mb: number, version: string): string {
  const units = inRange(version, RAM_UNITS_CHANGED) ? BINARY_UNITS : DECIMAL_UNITS;
  const bytes = mb * 1024 * 1024;
  for (let i = 0; i < units.length; i++) {
    const size = 2 ** (10 * (units.length - i));
    if (bytes >= 2 * size) return `${(bytes / size).toFixed(1)} ${units[i]}`;
  }
  return `${bytes.toFixed(1)} B`;
}

const RAM_FACTORS: Record<string, number> = {
  B: 2 ** -20,
  K: 2 ** -10,
  M: 1,
  G: 2 ** 10,
  T: 2 ** 20,
  P: 2 ** 30,
  E: 2 ** 40,
};

/** MB from a RAM string of either era (`29.0 GB`, `1024.0 MiB`), or null. Approximate: one decimal. */
export function ramToMegabytes(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?) ([KMGTPE]?)(?:i?B)$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * RAM_FACTORS[m[2] || 'B'];
}

/** The pattern of a type (no groups), for Spark versions inside `binaryRam` or not. */
export function typePattern(type: FieldType, binaryRam: boolean): string {
  switch (type) {
    case 'text':
      return '.*';
    case 'word':
      return '\\S+';
    case 'int':
      return '-?\\d+';
    case 'host':
      return '[^/]+';
    case 'port':
      return '\\d+';
    case 'ram':
      return binaryRam ? '\\d+\\.\\d (?:B|KiB|MiB|GiB|TiB|PiB|EiB)' : '\\d+\\.\\d (?:B|KB|MB|GB|TB|PB|EB)';
    case 'state':
      return '[A-Z][A-Z_]*';
    case 'akka-address':
      return 'akka(?:\\.tcp|\\.ssl\\.tcp)?://[^@\\s/]+@[^\\s/\\]]+';
    case 'seconds':
      return '\\d+';
  }
}

/** The value a recognized piece of text stands for. */
export function parseValue(type: FieldType, raw: string): FieldValue {
  switch (type) {
    case 'int':
    case 'port':
      return Number(raw);
    case 'seconds':
      return Number(raw) * 1000;
    default:
      return raw;
  }
}

/** How Spark `version` prints `value`. */
export function renderValue(type: FieldType, value: FieldValue, version: string): string {
  switch (type) {
    case 'ram':
      return typeof value === 'number' ? formatRam(value, version) : value;
    case 'seconds':
      return String(Math.floor(Number(value) / 1000));
    default:
      return String(value);
  }
}
