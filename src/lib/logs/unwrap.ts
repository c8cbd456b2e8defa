/**
 * The wrappers a log picks up where it is published, and taking them off a line: docker-compose
 * `service | ` prefixes (which also tell whose line it is), Markdown blockquotes `> ` with
 * `&nbsp;`, a document's indentation, trailing spaces. Detected once per file from a sample, so a
 * file without wrappers costs nothing per line.
 */
import type { FileFlag } from './types';

export interface Wrapper {
  readonly none: boolean;
  /** Leading whitespace every non-empty line shares. */
  readonly indent: string;
  readonly blockquote: boolean;
  readonly compose: boolean;
  readonly trimEnd: boolean;
  readonly entities: boolean;
}

const SAMPLE = 400;
const COMPOSE = /^([A-Za-z0-9][\w.-]*?)\s*\| ?/;

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
  const compose = unquoted.filter((l) => COMPOSE.test(l) && l.includes('| ')).length / n >= 0.6;
  const trimEnd = sample.filter((l) => /[ \t]$/.test(l)).length / n >= 0.5;
  const entities = sample.some((l) => l.includes('&nbsp;'));
  return {
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

/** A line without its wrapper, and the compose service it came from (or null). */
export interface Unwrapped {
  text: string;
  service: string | null;
}

/** Takes the wrapper off `line` into `out` (reused by the caller to avoid an object a line). */
export function unwrap(line: string, w: Wrapper, out: Unwrapped): void {
  let s = line;
  out.service = null;
  if (w.trimEnd) s = s.trimEnd();
  if (w.indent && s.startsWith(w.indent)) s = s.slice(w.indent.length);
  if (w.blockquote && s.startsWith('>')) s = s.charCodeAt(1) === 32 ? s.slice(2) : s.slice(1);
  if (w.compose) {
    const m = COMPOSE.exec(s);
    if (m && s.includes('|')) {
      out.service = m[1];
      s = s.slice(m[0].length);
    }
  }
  if (w.entities && s.includes('&')) s = s.replace(/&nbsp;/g, ' ');
  out.text = s;
}
