/**
 * The address bar's options: `?scenario=04-zookeeper-failover&seed=7&runtime=inprocess&threads=4`.
 * Anything not understood is reported (and ignored), never fatal.
 */
import type { RuntimeName } from '../runtime/session';

export interface UrlOptions {
  scenario?: string;
  seed?: number;
  runtime?: RuntimeName;
  threads?: number;
  problems: string[];
}

export function readUrl(search: string, catalog: readonly { file: string }[]): UrlOptions {
  const q = new URLSearchParams(search);
  const out: UrlOptions = { problems: [] };
  const known = new Set(['scenario', 'seed', 'runtime', 'threads']);
  for (const key of q.keys()) if (!known.has(key)) out.problems.push(`unknown option "${key}"`);
  const sc = q.get('scenario');
  if (sc !== null) {
    const file = catalog.find((c) => c.file === sc || c.file === `${sc}.json`)?.file;
    if (file) out.scenario = file;
    else
      out.problems.push(
        `scenario "${sc}" is not one of ${catalog.map((c) => c.file.replace(/\.json$/, '')).join(', ')}`,
      );
  }
  const seed = q.get('seed');
  if (seed !== null) {
    const n = Number(seed);
    if (Number.isInteger(n) && n >= 0) out.seed = n;
    else out.problems.push(`seed: expected a whole number, got "${seed}"`);
  }
  const rt = q.get('runtime');
  if (rt !== null) {
    if (rt === 'inprocess' || rt === 'workers') out.runtime = rt;
    else out.problems.push(`runtime: expected "workers" or "inprocess", got "${rt}"`);
  }
  const th = q.get('threads');
  if (th !== null) {
    const n = Number(th);
    if (Number.isInteger(n) && n >= 1 && n <= 256) out.threads = n;
    else out.problems.push(`threads: expected a whole number from 1 to 256, got "${th}"`);
  }
  return out;
}
