/**
 * The address bar as a run: `?scenario=04-zookeeper-failover&seed=7&n=812&until=90000&at=640&t=61234`
 * names a shipped scenario, `doc=` carries a custom one (deflated, base64url), `faults=` the faults
 * injected (the same), `node=` the daemon open, `lang=` the language and `h=` the start of the
 * trace's hash, so that opening the link elsewhere shows the same moment of the same run and can
 * tell if it is not. Deflate is the browser's own (`CompressionStream`): nothing to download.
 *
 * Reading never throws: whatever is not understood is reported, naming the option and what was
 * expected, and left out.
 */
import type { InjectedFault, RunDoc } from './run-doc';
import { MAX_DURATION_MS, MAX_RUN_EVENTS } from '../scenario/limits';

/** Beyond this, a link is too long to share comfortably: the run file is offered instead. */
export const MAX_LINK_BYTES = 8 * 1024;
/** Longer addresses are not read at all. */
const MAX_READ_BYTES = 256 * 1024;

export interface LinkOptions {
  /** The run to open, if the address names one. */
  run?: {
    file?: string;
    doc?: unknown;
    seed?: number;
    injections: InjectedFault[];
    events?: number;
    until?: number;
    cursor?: number;
    time?: number;
    selected?: string;
    hash?: string;
  };
  lang?: string;
  runtime?: 'inprocess' | 'workers';
  threads?: number;
  /** What was not understood, option by option. */
  problems: string[];
}

const KNOWN = [
  'scenario',
  'doc',
  'seed',
  'faults',
  'n',
  'until',
  'at',
  't',
  'node',
  'h',
  'lang',
  'runtime',
  'threads',
  'embed',
  'present',
  'chapter',
  'step',
];

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** A JSON value, deflated and written in base64url. */
export async function pack(value: unknown): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(JSON.stringify(value)), new CompressionStream('deflate-raw')));
}

/** The value `pack` wrote. Throws on anything else. */
export async function unpack(text: string): Promise<unknown> {
  const bytes = await pipe(fromBase64Url(text), new DecompressionStream('deflate-raw'));
  if (bytes.length > 16 * 1024 * 1024) throw new Error('too large');
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The address's query for a run (and the page's language), as `?…`. */
export async function linkFor(
  doc: RunDoc,
  opts: { file: string | null; lang?: string; runtime?: string; threads?: number },
): Promise<string> {
  const q = new URLSearchParams();
  if (opts.file) q.set('scenario', opts.file.replace(/\.json$/, ''));
  else q.set('doc', await pack(doc.scenario));
  q.set('seed', String(doc.seed));
  if (doc.injections.length > 0) q.set('faults', await pack(doc.injections));
  q.set('n', String(doc.events));
  q.set('until', String(Math.round(doc.until)));
  q.set('at', String(doc.cursor));
  q.set('t', String(Math.round(doc.time)));
  if (doc.selected) q.set('node', doc.selected);
  if (doc.hash) q.set('h', doc.hash.slice(0, 16));
  if (opts.lang) q.set('lang', opts.lang);
  if (opts.runtime) q.set('runtime', opts.runtime);
  if (opts.threads) q.set('threads', String(opts.threads));
  return `?${q.toString()}`;
}

/** A whole number written plainly (digits only) within bounds, or a problem. */
function whole(q: URLSearchParams, key: string, max: number, problems: string[]): number | undefined {
  const v = q.get(key);
  if (v === null) return undefined;
  const n = /^\d{1,16}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n > max) {
    problems.push(
      `${key}: expected a whole number from 0 to ${max}, got "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`,
    );
    return undefined;
  }
  return n;
}

/** Reads the address's options (`search` is `location.search`). */
export async function readLink(search: string, catalog: readonly { file: string }[]): Promise<LinkOptions> {
  const out: LinkOptions = { problems: [] };
  if (search.length > MAX_READ_BYTES) {
    out.problems.push(
      `the address is ${Math.round(search.length / 1024)} KB long; addresses up to ${MAX_READ_BYTES / 1024} KB are read`,
    );
    return out;
  }
  const q = new URLSearchParams(search);
  const seen = new Set<string>();
  for (const key of q.keys()) {
    if (!KNOWN.includes(key)) out.problems.push(`unknown option "${key}"`);
    else if (seen.has(key)) out.problems.push(`${key}: given more than once; the first is used`);
    seen.add(key);
  }
  const lang = q.get('lang');
  if (lang !== null) out.lang = lang;
  const rt = q.get('runtime');
  if (rt !== null) {
    if (rt === 'inprocess' || rt === 'workers') out.runtime = rt;
    else out.problems.push(`runtime: expected "workers" or "inprocess", got "${rt}"`);
  }
  const th = whole(q, 'threads', 256, out.problems);
  if (th !== undefined) {
    if (th >= 1) out.threads = th;
    else out.problems.push('threads: expected a whole number from 1 to 256, got "0"');
  }

  const sc = q.get('scenario');
  const docText = q.get('doc');
  if (sc === null && docText === null) return out;
  const run: NonNullable<LinkOptions['run']> = { injections: [] };
  if (sc !== null) {
    const file = catalog.find((c) => c.file === sc || c.file === `${sc}.json`)?.file;
    if (file) run.file = file;
    else {
      out.problems.push(
        `scenario: "${sc}" is not one of ${catalog.map((c) => c.file.replace(/\.json$/, '')).join(', ')}`,
      );
      return out;
    }
  } else if (docText !== null) {
    try {
      run.doc = await unpack(docText);
    } catch {
      out.problems.push('doc: expected a scenario packed by this page (the link may be cut short)');
      return out;
    }
  }
  const seed = whole(q, 'seed', Number.MAX_SAFE_INTEGER, out.problems);
  if (seed !== undefined) run.seed = seed;
  const faults = q.get('faults');
  if (faults !== null) {
    try {
      const list = await unpack(faults);
      if (!Array.isArray(list)) throw new Error('not a list');
      run.injections = list as InjectedFault[];
    } catch {
      out.problems.push('faults: expected faults packed by this page (the link may be cut short)');
    }
  }
  const n = whole(q, 'n', MAX_RUN_EVENTS, out.problems);
  if (n !== undefined) run.events = n;
  const until = whole(q, 'until', MAX_DURATION_MS, out.problems);
  if (until !== undefined) run.until = until;
  const at = whole(q, 'at', MAX_RUN_EVENTS, out.problems);
  if (at !== undefined) run.cursor = at;
  const t = whole(q, 't', MAX_DURATION_MS, out.problems);
  if (t !== undefined) run.time = t;
  const node = q.get('node');
  if (node !== null) run.selected = node;
  const h = q.get('h');
  if (h !== null) {
    if (/^[0-9a-f]{8,64}$/.test(h)) run.hash = h;
    else out.problems.push(`h: expected the start of a trace hash in hex, got "${h.slice(0, 40)}"`);
  }
  out.run = run;
  return out;
}
