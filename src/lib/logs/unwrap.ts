/**
 * The wrappers a log picks up where it is published, and taking them off a line: docker-compose
 * `service | ` prefixes (which also tell whose line it is), Markdown blockquotes `> ` with
 * `&nbsp;`, a document's indentation, trailing spaces. Detected once per file from a sample, so a
 * file without wrappers costs nothing per line.
 */
import type { FileFlag } from './types';

export interface Wrapper {
  readonly none: boolean;
  /** The last compose service seen (its string is reused while lines come from it). */
  lastService: string | null;
  /** Leading whitespace every non-empty line shares. */
  readonly indent: string;
  readonly blockquote: boolean;
  readonly compose: boolean;
  readonly trimEnd: boolean;
  readonly entities: boolean;
}

const SAMPLE = 400;
/** `spark-worker_1  | `: a docker-compose service name, spaces, a bar. */
const COMPOSE = /^[A-Za-z0-9][\w.-]*\s*\|/;

function commonIndent(sample: readonly string[]): string {
  let indent: string | null = null;
  for (const line of sample) {
    let i = 0;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i === line.length) continue;
    const lead = line.slice(0, i);
    if (indent === null) indent = lead;
    else {
      let j = 0;
      while (j < indent.length && j < lead.length && indent[j] === lead[j]) j++;
      indent = indent.slice(0, j);
    }
    if (indent === '') return '';
  }
  return indent ?? '';
}

/** The wrapper of a file, from its first few hundred non-empty lines. */
export function detectWrapper(lines: readonly string[]): Wrapper {
  const sample: string[] = [];
  for (let i = 0; i < lines.length && sample.length < SAMPLE; i++) {
    if (lines[i].trim() !== '') sample.push(lines[i]);
  }
  const n = sample.length || 1;
  const indent = commonIndent(sample);
  const stripped = sample.map((l) => l.slice(indent.length));
  const blockquote = stripped.filter((l) => l.startsWith('>')).length / n >= 0.6;
  const unquoted = blockquote ? stripped.map((l) => l.replace(/^> ?/, '')) : stripped;
  const compose = unquoted.filter((l) => COMPOSE.test(l)).length / n >= 0.6;
  const trimEnd = sample.filter((l) => /[ \t]$/.test(l)).length / n >= 0.5;
  const entities = sample.some((l) => l.includes('&nbsp;'));
  return {
    lastService: null,
    none: indent === '' && !blockquote && !compose && !trimEnd && !entities,
    indent,
    blockquote,
    compose,
    trimEnd,
    entities,
  };
}

export function wrapperFlags(w: Wrapper): FileFlag[] {
  const flags: FileFlag[] = [];
  if (w.compose) flags.push('compose-prefix');
  if (w.blockquote) flags.push('blockquote');
  if (w.indent) flags.push('indented');
  if (w.trimEnd) flags.push('trailing-spaces');
  if (w.entities) flags.push('html-entities');
  return flags;
}

/**
 * A line without its wrapper: `text[from, to)` (the file's text itself, or a new string when an
 * entity had to be replaced), and the compose service it came from (or null).
 */
export interface Unwrapped {
  text: string;
  from: number;
  to: number;
  service: string | null;
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
}

/**
 * Takes the wrapper off the line `s[from, to)` into `out` (reused by the caller): by moving its
 * bounds, so that no string is made for it unless an `&nbsp;` is replaced.
 */
export function unwrap(s: string, from: number, to: number, w: Wrapper, out: Unwrapped): void {
  out.service = null;
  if (w.trimEnd) while (to > from && (s.charCodeAt(to - 1) === 32 || s.charCodeAt(to - 1) === 9)) to--;
  if (w.indent && to - from >= w.indent.length && s.startsWith(w.indent, from)) from += w.indent.length;
  if (w.blockquote && from < to && s.charCodeAt(from) === 62) from += s.charCodeAt(from + 1) === 32 ? 2 : 1;
  if (w.compose) {
    let k = from;
    while (k < to && isNameChar(s.charCodeAt(k))) k++;
    let bar = k;
    while (bar < to && s.charCodeAt(bar) === 32) bar++;
    if (k > from && bar < to && s.charCodeAt(bar) === 124) {
      const prev = w.lastService;
      out.service = prev !== null && same(s, from, k, prev) ? prev : (w.lastService = s.slice(from, k));
      from = bar + 1 < to && s.charCodeAt(bar + 1) === 32 ? bar + 2 : bar + 1;
    }
  }
  if (w.entities && s.indexOf('&', from) >= 0 && s.indexOf('&', from) < to) {
    const text = s.slice(from, to).replace(/&nbsp;/g, ' ');
    out.text = text;
    out.from = 0;
    out.to = text.length;
    return;
  }
  out.text = s;
  out.from = from;
  out.to = to;
}

/** Whether `s[from, to)` is `t`. */
export function same(s: string, from: number, to: number, t: string): boolean {
  if (to - from !== t.length) return false;
  for (let k = to - from - 1; k >= 0; k--) if (s.charCodeAt(from + k) !== t.charCodeAt(k)) return false;
  return true;
}
