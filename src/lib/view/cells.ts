/**
 * How a status field or a table cell reads, as Spark's web UI writes it: memory "4.0 GiB (2.0 GiB
 * Used)", cores "4 (2 Used)", times in virtual seconds. Columns a descriptor pairs (a total and its
 * `…Used`) read as one.
 */
import { m } from '../paraglide/messages.js';
import type { Row, Scalar } from '../sim/types';
import type { Column } from '../spark/daemon';
import { megabytesToString } from '../spark/format';
import { text } from '../i18n/text';
import { seconds } from './describe';

export interface Cell {
  key: string;
  label: string;
  text: string;
  /** What it sorts by. */
  sort: number | string;
}

/**
 * The columns as shown: `x` and `xUsed` join into one column `x`; an optional column shows only
 * where one of `rows` has a value in it.
 */
export function visibleColumns(
  cols: readonly Column[],
  rows: readonly Row[] = [],
): { key: string; format?: Column['format']; used?: string }[] {
  const keys = new Set(cols.map((c) => c.key));
  return cols
    .filter((c) => !(c.key.endsWith('Used') && keys.has(c.key.slice(0, -4))))
    .filter((c) => !c.optional || rows.some((r) => r[c.key] !== null && r[c.key] !== undefined && r[c.key] !== 0))
    .map((c) =>
      keys.has(`${c.key}Used`)
        ? { key: c.key, format: c.format, used: `${c.key}Used` }
        : { key: c.key, format: c.format },
    );
}

function valueText(v: Scalar, format: Column['format']): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? m.yes() : m.no();
  if (typeof v === 'number') {
    if (format === 'mb') return megabytesToString(v);
    if (format === 'time') return seconds(v);
    return String(v);
  }
  return v;
}

/**
 * How much of each custom resource a worker uses, from the Master's workers table cell in Spark's
 * words (`gpu: Free: [2] / Used: [0, 1]`): `{ name: 'gpu', used: 2, total: 3 }`.
 */
export function resourceUsage(cellValue: unknown): { name: string; used: number; total: number }[] {
  if (typeof cellValue !== 'string') return [];
  const out: { name: string; used: number; total: number }[] = [];
  const count = (list: string) => (list.trim() === '' ? 0 : list.split(',').length);
  for (const hit of cellValue.matchAll(/(\S+): Free: \[([^\]]*)\] \/ Used: \[([^\]]*)\]/g)) {
    const used = count(hit[3]);
    out.push({ name: hit[1], used, total: used + count(hit[2]) });
  }
  return out;
}

/** One cell of a row. */
export function cell(row: Row, col: { key: string; format?: Column['format']; used?: string }): Cell {
  const v = row[col.key] ?? null;
  const label = text(`col_${col.key}`, col.key);
  if (col.used !== undefined && typeof v === 'number') {
    const used = row[col.used];
    const u = typeof used === 'number' ? used : 0;
    return {
      key: col.key,
      label,
      text: m.cell_used({ total: valueText(v, col.format), used: valueText(u, col.format) }),
      sort: u,
    };
  }
  return { key: col.key, label, text: valueText(v, col.format), sort: typeof v === 'number' ? v : String(v ?? '') };
}
