/**
 * Spark versions as the log templates compare them: `major.minor.patch`, a suffix ignored
 * (`3.0.0-preview2` carries the wording of 3.0.0, `1.2.1-SNAPSHOT` that of 1.2.1), and half-open
 * ranges `[from, before)` of them.
 */

/** A version range: `from` inclusive, `before` exclusive; a missing end is open. */
export interface VersionRange {
  readonly from?: string;
  readonly before?: string;
}

const VERSION = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/;

/** A number that orders versions (`3.4.4` → 3004004), or null when the text is not a version. */
export function versionKey(version: string): number | null {
  const m = VERSION.exec(version);
  if (!m) return null;
  return Number(m[1]) * 1_000_000 + Number(m[2] ?? 0) * 1000 + Number(m[3] ?? 0);
}

function key(version: string): number {
  const k = versionKey(version);
  if (k === null) throw new Error(`not a Spark version: "${version}"`);
  return k;
}

export function compareVersions(a: string, b: string): number {
  return key(a) - key(b);
}

export function inRange(version: string, range: VersionRange): boolean {
  const k = key(version);
  return (range.from === undefined || k >= key(range.from)) && (range.before === undefined || k < key(range.before));
}

/** The versions in both ranges, or null when none is. */
export function intersect(a: VersionRange, b: VersionRange): VersionRange | null {
  const from =
    a.from === undefined ? b.from : b.from === undefined ? a.from : key(a.from) >= key(b.from) ? a.from : b.from;
  const before =
    a.before === undefined
      ? b.before
      : b.before === undefined
        ? a.before
        : key(a.before) <= key(b.before)
          ? a.before
          : b.before;
  if (from !== undefined && before !== undefined && key(from) >= key(before)) return null;
  return { ...(from === undefined ? {} : { from }), ...(before === undefined ? {} : { before }) };
}

/** `≥1.5`, `<3.0`, `1.5 ≤ v < 3.0`, or `any`. */
export function formatRange(range: VersionRange): string {
  if (range.from !== undefined && range.before !== undefined) return `${range.from} ≤ v < ${range.before}`;
  if (range.from !== undefined) return `≥${range.from}`;
  if (range.before !== undefined) return `<${range.before}`;
  return 'any';
}
