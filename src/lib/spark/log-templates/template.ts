/**
 * What a Spark log template is, and the two things done with one: render it (the simulation prints
 * Spark's exact text for a version) and compile it into anchored patterns (the log reader
 * recognizes lines with them). A template holds its newest wording once, plus the older wordings,
 * each used for the versions before a given one.
 *
 * Text syntax: `{name}` is a placeholder of the type declared in `fields` (a wording may write
 * `{name:type}` to print the same value another way, e.g. `{timeoutMs:seconds}`); `[?...]` is an
 * optional part, printed only when all its placeholders have a value. Everything else is literal.
 */
import type { LogLevel, SourceRef } from '../../sim/types';
import {
  RAM_UNITS_CHANGED,
  parseValue,
  renderValue,
  typePattern,
  type FieldType,
  type FieldValue,
} from './field-types';
import { inRange, intersect, type VersionRange } from './version';

export type { FieldType, FieldValue } from './field-types';

/**
 * Who prints a line: the Master, the Worker, the runners a Worker starts, the Master's leader
 * election agent and persistence engine, the application client (driver side), the submission
 * client, or common infrastructure (RPC, security, Jetty, akka, …) that any of them prints.
 */
export type DaemonKind =
  | 'master'
  | 'worker'
  | 'executor-runner'
  | 'driver-runner'
  | 'leader-election'
  | 'persistence'
  | 'app-client'
  | 'submit-client'
  | 'infra';

/** The process whose log a daemon kind's lines are in (infrastructure lines are in every one). */
export function processOf(d: DaemonKind): 'master' | 'worker' | 'app' | null {
  switch (d) {
    case 'master':
    case 'leader-election':
    case 'persistence':
      return 'master';
    case 'worker':
    case 'executor-runner':
    case 'driver-runner':
      return 'worker';
    case 'app-client':
    case 'submit-client':
      return 'app';
    case 'infra':
      return null;
  }
}

export type Fields = Record<string, FieldValue>;

/** An older wording, printed by the versions before `before`. */
export interface Wording {
  readonly before: string;
  readonly text: string;
  /** The boundary is known only roughly: the wording is not used as evidence of a version. */
  readonly approx?: boolean;
}

export interface LogTemplate<Id extends string = string> {
  /** Stable id, `daemon.what-happens`. */
  readonly id: Id;
  readonly daemon: DaemonKind;
  readonly level: LogLevel;
  /** The logger's simple class name, as Spark's default layout prints it (`%c{1}`). */
  readonly logger: string;
  /** Other loggers that print the same text (third-party code only). */
  readonly aliases?: readonly string[];
  /** The newest wording. */
  readonly text: string;
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Older wordings, by ascending `before`. */
  readonly older?: readonly Wording[];
  /** Where Spark prints it (at `SPARK_TAG`); null for a third-party line. */
  readonly ref: SourceRef | null;
  /** Whose code prints a third-party line. */
  readonly origin?: string;
  /** The versions that print it at all, when known (`approx`: roughly known). */
  readonly versions?: VersionRange & { readonly approx?: boolean };
}

type Segment =
  | { readonly k: 'lit'; readonly text: string }
  | { readonly k: 'field'; readonly name: string; readonly type: FieldType }
  | { readonly k: 'opt'; readonly parts: readonly Segment[] };

/** One way a template is printed, compiled for recognition. */
export interface Variant {
  readonly template: LogTemplate;
  readonly pattern: string;
  readonly regex: RegExp;
  /** Field name and type of each capture group, in order. */
  readonly names: readonly string[];
  readonly types: readonly FieldType[];
  /** The versions that print it this way. */
  readonly range: VersionRange;
  /** What matching it says about the version, or null when it says nothing reliable. */
  readonly evidence: VersionRange | null;
  /** The first literal word of the text (for dispatch), or '' when the text starts with a value. */
  readonly firstWord: string;
  /** The wording compiled. */
  readonly text: string;
  /** The line may end before a last, empty text field (its space trimmed): the field is then ''. */
  readonly emptyTail: boolean;
}

const FIELD_TYPES: readonly FieldType[] = [
  'text',
  'word',
  'int',
  'host',
  'port',
  'ram',
  'state',
  'akka-address',
  'seconds',
];

function parseSegments(t: LogTemplate, text: string): Segment[] {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`template ${t.id}: ${why} at ${i} in "${text}"`);
  };
  const read = (inOptional: boolean): Segment[] => {
    const out: Segment[] = [];
    let lit = '';
    const flush = () => {
      if (lit) out.push({ k: 'lit', text: lit });
      lit = '';
    };
    while (i < text.length) {
      const c = text[i];
      if (c === '{') {
        const end = text.indexOf('}', i);
        if (end < 0) fail('unclosed {');
        const [name, typeName] = text.slice(i + 1, end).split(':');
        const declared = t.fields[name];
        if (declared === undefined) fail(`field "${name}" is not declared`);
        const type = (typeName ?? declared) as FieldType;
        if (!FIELD_TYPES.includes(type)) fail(`unknown type "${typeName}"`);
        flush();
        out.push({ k: 'field', name, type });
        i = end + 1;
      } else if (c === '[' && text[i + 1] === '?') {
        flush();
        i += 2;
        out.push({ k: 'opt', parts: read(true) });
      } else if (c === ']' && inOptional) {
        flush();
        i++;
        return out;
      } else {
        lit += c;
        i++;
      }
    }
    if (inOptional) fail('unclosed [?');
    flush();
    return out;
  };
  return read(false);
}

const ESCAPE = /[.*+?^${}()|[\]\\/]/g;

interface Compiling {
  readonly binaryRam: boolean;
  readonly names: string[];
  readonly types: FieldType[];
  emptyTail: boolean;
}

function compilePattern(segments: readonly Segment[], c: Compiling, atEnd: boolean): string {
  let out = '';
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    const last = atEnd && s === segments.length - 1;
    if (seg.k === 'lit') {
      const next = segments[s + 1];
      // "groups to: {groups}" at the end: the line may stop at the colon once its trailing space is trimmed.
      if (atEnd && s === segments.length - 2 && next.k === 'field' && next.type === 'text' && seg.text.endsWith(' ')) {
        c.names.push(next.name);
        c.types.push(next.type);
        c.emptyTail = true;
        return `${out}${seg.text.slice(0, -1).replace(ESCAPE, '\\$&')}(?: (.*))?`;
      }
      out += seg.text.replace(ESCAPE, '\\$&');
    } else if (seg.k === 'field') {
      c.names.push(seg.name);
      c.types.push(seg.type);
      const next = segments[s + 1];
      const greedy = last || (next?.k === 'lit' && stopsBefore(seg.type, next.text.charCodeAt(0)));
      out += `(${typePattern(seg.type, c.binaryRam)}${greedy ? '' : '?'})`;
    } else {
      out += `(?:${compilePattern(seg.parts, c, false)})?`;
    }
  }
  return out;
}

/**
 * Whether a value of this type can never hold the character `c` that follows it: then the value
 * is matched greedily, without trying every length (the result is the same).
 */
function stopsBefore(type: FieldType, c: number): boolean {
  const digit = c >= 48 && c <= 57;
  switch (type) {
    case 'word':
    case 'akka-address':
      return c === 32;
    case 'int':
    case 'port':
    case 'seconds':
      return !digit;
    case 'state':
      return !(c >= 65 && c <= 90) && c !== 95;
    default:
      return false;
  }
}

function fieldTypesIn(segments: readonly Segment[], into: Set<FieldType>): Set<FieldType> {
  for (const seg of segments) {
    if (seg.k === 'field') into.add(seg.type);
    else if (seg.k === 'opt') fieldTypesIn(seg.parts, into);
  }
  return into;
}

/** A wording with the versions that print it; an end known only roughly is not evidence. */
export interface WordingRange {
  readonly text: string;
  readonly range: VersionRange;
  /** The part of `range` whose ends are known. */
  readonly known: VersionRange;
}

/** The wordings of a template with the versions that print each: older ones first, newest last. */
export function wordings(t: LogTemplate): WordingRange[] {
  const out: WordingRange[] = [];
  let from: string | undefined;
  let fromKnown = true;
  const span = (a: string | undefined, b: string | undefined): VersionRange => ({
    ...(a === undefined ? {} : { from: a }),
    ...(b === undefined ? {} : { before: b }),
  });
  for (const w of t.older ?? []) {
    out.push({
      text: w.text,
      range: span(from, w.before),
      known: span(fromKnown ? from : undefined, w.approx ? undefined : w.before),
    });
    from = w.before;
    fromKnown = !w.approx;
  }
  out.push({ text: t.text, range: span(from, undefined), known: span(fromKnown ? from : undefined, undefined) });
  return out;
}

/** Every way a template is printed, compiled. */
export function compileTemplate(t: LogTemplate): Variant[] {
  const out: Variant[] = [];
  const existence = t.versions ?? {};
  for (const w of wordings(t)) {
    const segments = parseSegments(t, w.text);
    const eras: [VersionRange, boolean][] = fieldTypesIn(segments, new Set()).has('ram')
      ? [
          [{ before: RAM_UNITS_CHANGED.from }, false],
          [RAM_UNITS_CHANGED, true],
        ]
      : [[{}, true]];
    for (const [era, binaryRam] of eras) {
      const withEra = intersect(w.range, era);
      const range = withEra && intersect(withEra, existence);
      if (!range) continue;
      const c: Compiling = { binaryRam, names: [], types: [], emptyTail: false };
      const pattern = `^${compilePattern(segments, c, true)}$`;
      let evidence: VersionRange | null = intersect(w.known, era);
      if (evidence && !t.versions?.approx) evidence = intersect(evidence, existence);
      if (evidence && evidence.from === undefined && evidence.before === undefined) evidence = null;
      out.push({
        template: t,
        pattern,
        regex: new RegExp(pattern),
        names: c.names,
        types: c.types,
        range,
        evidence,
        firstWord: firstWordOf(segments),
        text: w.text,
        emptyTail: c.emptyTail,
      });
    }
  }
  return out;
}

/** The literal word a line of this wording starts with, or '' when it starts with a value. */
function firstWordOf(segments: readonly Segment[]): string {
  const first = segments[0];
  if (first.k !== 'lit') return '';
  const space = first.text.indexOf(' ');
  if (space >= 0) return first.text.slice(0, space);
  return segments.length === 1 ? first.text : '';
}

/** The fields a variant's match holds (absent optional parts leave their fields out). */
export function fieldsOf(v: Variant, m: RegExpExecArray): Fields {
  const fields: Fields = {};
  for (let g = 0; g < v.names.length; g++) {
    const raw = m[g + 1];
    if (raw !== undefined) fields[v.names[g]] = parseValue(v.types[g], raw);
    else if (v.emptyTail && g === v.names.length - 1) fields[v.names[g]] = '';
  }
  return fields;
}

function renderSegments(
  t: LogTemplate,
  segments: readonly Segment[],
  fields: Readonly<Fields>,
  version: string,
): string {
  let out = '';
  for (const seg of segments) {
    if (seg.k === 'lit') out += seg.text;
    else if (seg.k === 'field') {
      const v = fields[seg.name];
      if (v === undefined) throw new Error(`render ${t.id}: field "${seg.name}" is missing`);
      out += renderValue(seg.type, v, version);
    } else if (seg.parts.every((p) => p.k !== 'field' || fields[p.name] !== undefined)) {
      out += renderSegments(t, seg.parts, fields, version);
    }
  }
  return out;
}

/** The text Spark `version` prints for `t` with these fields. */
export function renderTemplate(t: LogTemplate, fields: Readonly<Fields>, version: string): string {
  const w = wordings(t).find((x) => inRange(version, x.range));
  if (!w) throw new Error(`render ${t.id}: no wording for version ${version}`);
  return renderSegments(t, parseSegments(t, w.text), fields, version);
}

/** Declares a list of templates keeping each id's literal type (so `render` can check ids). */
export function defineTemplates<const T extends readonly LogTemplate[]>(list: T): T {
  return list;
}
