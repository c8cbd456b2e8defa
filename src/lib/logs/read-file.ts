/**
 * One file, line by line: take the wrapper off, read the header, name the template, fold
 * continuation lines into the event before them, classify the lines that are not events, and
 * keep the rest as unrecognized. Every line ends up in exactly one record or classified line.
 * What needs the other files (daemon ids, dates, clock offsets) is left to `parse.ts`.
 */
import {
  DAEMON_LOGGERS,
  intersect,
  templateMatcher,
  type DaemonKind,
  type Fields,
  type TemplateMatcher,
  type Variant,
  type VersionRange,
} from '../spark/log-templates';
import { bannerLog4j, classifyOther } from './classify';
import {
  EXPECT_BLOCK,
  EXPECT_NEXT_LINE,
  EXPECT_NOTHING,
  expectAfter,
  isExceptionLine,
  isStackLine,
  splitTrailingException,
  type Expect,
} from './continuation';
import { HeaderParser, simpleLogger, type HeaderKind } from './layout';
import { isShifted, Unshifter } from './shifted';
import { DAY_MS } from './timestamp';
import type { ClassifiedLine, EventFlag, FileFlag, LayoutName, ParsedLevel } from './types';
import { detectWrapper, unwrap, wrapperFlags, type Unwrapped } from './unwrap';

/** A log line (with the lines folded into it), recognized or not, or a line that is not a log line. */
export interface Rec {
  readonly line: number;
  endLine: number;
  continuation: number[] | null;
  detail: string[] | null;
  /** It starts with a log header (time, level, logger). */
  readonly header: boolean;
  /** Milliseconds since the epoch, or since the file's first day when it has no date. */
  time: number;
  readonly rawTime: string;
  readonly level: ParsedLevel;
  readonly logger: string;
  readonly simple: string;
  text: string;
  variant: Variant | null;
  fields: Fields | null;
  readonly stream: number;
  expect: Expect;
  flags: EventFlag[] | null;
  /** Lines of it written by a daemon's logger (DSE folds prefixed frames: more than one). */
  daemonLines: number;
  reason: string;
}

/** The lines of one writer inside a file: a compose service, a DSE logger, or the whole file. */
export interface Stream {
  readonly key: string | null;
  /** The daemon a DSE logger (`SparkMaster`, `SparkWorker`) stands for. */
  readonly dseSide: 'master' | 'worker' | null;
  readonly kinds: Record<DaemonKind, number>;
}

export interface FileRead {
  readonly name: string;
  readonly index: number;
  readonly lines: number;
  layout: LayoutName;
  log4j: 'log4j1' | 'log4j2' | null;
  readonly flags: Set<FileFlag>;
  readonly notes: string[];
  readonly recs: Rec[];
  readonly other: ClassifiedLine[];
  readonly streams: Stream[];
  headers: number;
  readonly headerKinds: Record<HeaderKind, number>;
  qualifiedLoggers: number;
  /** Headers that print the logger's source line (`Master:54 - `). */
  sourceLines: number;
  /** The first line that names the version. */
  exactVersion: { version: string; line: number } | null;
  /** The versions the recognized wordings allow, and the first line of each kind of evidence. */
  evidence: VersionRange;
  readonly evidenceFrom: string[];
}

const DSE_SIDES: Record<string, 'master' | 'worker'> = { SparkMaster: 'master', SparkWorker: 'worker' };
const MASTER_SIDE: ReadonlySet<DaemonKind> = new Set(['master', 'leader-election', 'persistence', 'infra']);
const WORKER_SIDE: ReadonlySet<DaemonKind> = new Set(['worker', 'executor-runner', 'driver-runner', 'infra']);
const preferMaster = (d: DaemonKind) => MASTER_SIDE.has(d);
const preferWorker = (d: DaemonKind) => WORKER_SIDE.has(d);

function emptyKinds(): Record<DaemonKind, number> {
  return {
    master: 0,
    worker: 0,
    'executor-runner': 0,
    'driver-runner': 0,
    'leader-election': 0,
    persistence: 0,
    'app-client': 0,
    'submit-client': 0,
    infra: 0,
  };
}

/** The lines of a text (a BOM, `\r\n` and a final newline taken into account). */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (body.includes('\r')) {
    for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  }
  return lines;
}

/** Terminal hard wraps cut lines at one width; a line that long may continue on the next. */
const WRAP_WIDTH_MIN = 72;

export function readFile(name: string, index: number, text: string, matcher = templateMatcher()): FileRead {
  const lines = splitLines(text);
  const wrapper = detectWrapper(lines);
  const unwrapped: Unwrapped = { text: '', service: null };
  const sample: string[] = [];
  for (let i = 0; i < lines.length && sample.length < 200; i++) {
    unwrap(lines[i], wrapper, unwrapped);
    sample.push(unwrapped.text);
  }
  const unshifter = isShifted(sample) ? new Unshifter() : null;
  let maxLength = 0;
  for (const l of lines) if (l.length > maxLength) maxLength = l.length;

  const file: FileRead = {
    name,
    index,
    lines: lines.length,
    layout: 'none',
    log4j: null,
    flags: new Set(wrapperFlags(wrapper)),
    notes: [],
    recs: [],
    other: [],
    streams: [],
    headers: 0,
    headerKinds: { plain: 0, iso: 0, dse: 0, json: 0 },
    qualifiedLoggers: 0,
    sourceLines: 0,
    exactVersion: null,
    evidence: {},
    evidenceFrom: [],
  };
  if (unshifter) file.flags.add('shifted-line-breaks');

  const streamIds = new Map<string | null, number>();
  const lastRec: (Rec | undefined)[] = [];
  const lastLine: number[] = [];
  const streamOf = (key: string | null, dseSide: 'master' | 'worker' | null): number => {
    let id = streamIds.get(key);
    if (id === undefined) {
      id = file.streams.length;
      streamIds.set(key, id);
      file.streams.push({ key, dseSide, kinds: emptyKinds() });
      lastLine.push(-1);
      lastRec.push(undefined);
    }
    return id;
  };
  const simpleNames = new Map<string, string>();
  const parser = new HeaderParser();
  const h = parser.h;
  const evidenceSeen = new Set<string>();
  let prevTimeOfDay = -1;
  let dayOffset = 0;
  let lastTime = -Infinity;
  let prevLength = 0;

  const match = (rec: { simple: string; logger: string; stream: number }, level: string, message: string) => {
    const side = file.streams[rec.stream].dseSide;
    if (side) return matcher.match(rec.logger, level, message, side === 'master' ? preferMaster : preferWorker);
    return matcher.match(rec.simple, level, message);
  };

  const recognize = (rec: Rec, lineNo: number) => {
    let m = match(rec, rec.level, rec.text);
    if (!m) {
      const split = splitTrailingException(rec.text);
      const head = split && match(rec, rec.level, split[0]);
      if (split && head) {
        m = head;
        (rec.flags ??= []).push('exception-on-same-line');
        rec.detail = [split[1]];
        rec.expect = expectAfter(split[1]);
      }
    }
    if (!m) {
      const side = file.streams[rec.stream].dseSide;
      rec.reason = side
        ? `unknown template for DSE logger ${rec.logger}`
        : matcher.knows(rec.simple)
          ? `unknown template for logger ${rec.simple}`
          : `logger ${rec.logger} is not in the template table`;
      return;
    }
    rec.variant = m.variant;
    rec.fields = m.fields;
    rec.reason = '';
    const t = m.variant.template;
    file.streams[rec.stream].kinds[t.daemon]++;
    if (file.exactVersion === null && t.id.endsWith('.running-version')) {
      file.exactVersion = { version: String(m.fields.version), line: lineNo };
    }
    const ev = m.variant.evidence;
    if (ev) {
      const narrowed = intersect(file.evidence, ev);
      if (narrowed) {
        if (!evidenceSeen.has(m.variant.pattern)) {
          evidenceSeen.add(m.variant.pattern);
          file.evidenceFrom.push(`line ${lineNo}: ${t.id} (${formatEvidence(ev)})`);
        }
        file.evidence = narrowed;
      }
    }
  };

  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    let s: string;
    let service: string | null = null;
    if (wrapper.none) s = lines[n];
    else {
      unwrap(lines[n], wrapper, unwrapped);
      s = unwrapped.text;
      service = unwrapped.service;
    }
    if (unshifter) s = unshifter.apply(s);
    const physicalLength = prevLength;
    prevLength = s.length;

    if (parser.parse(s)) {
      file.headers++;
      file.headerKinds[h.kind]++;
      if (h.sourceLine) file.sourceLines++;
      const dseSide = h.kind === 'dse' ? (DSE_SIDES[h.logger] ?? null) : null;
      const stream = streamOf(dseSide ? `dse:${h.logger}` : service, dseSide);
      let simple = simpleNames.get(h.logger);
      if (simple === undefined) {
        simple = simpleLogger(h.logger);
        simpleNames.set(h.logger, simple);
        if (simple !== h.logger) file.qualifiedLoggers++;
      }
      const daemonLine = dseSide !== null || DAEMON_LOGGERS.has(simple) ? 1 : 0;
      const last = lastRec[stream];
      // DSE logs each frame of a stack trace as an event of its own: fold it into the one before.
      if (
        last !== undefined &&
        last.header &&
        lastLine[stream] === last.endLine &&
        last.logger === h.logger &&
        (isStackLine(h.message) || (isExceptionLine(h.message) && (last.level === 'ERROR' || last.level === 'WARN')))
      ) {
        fold(last, lineNo, h.message);
        last.daemonLines += daemonLine;
        if (!last.flags?.includes('prefixed-continuation')) (last.flags ??= []).push('prefixed-continuation');
        lastLine[stream] = lineNo;
        continue;
      }
      let time = h.time;
      if (!h.hasDate) {
        if (prevTimeOfDay >= 0 && h.time < prevTimeOfDay - DAY_MS / 2) {
          dayOffset += DAY_MS;
          file.flags.add('day-rollover');
        }
        prevTimeOfDay = h.time;
        time = dayOffset + h.time;
        file.flags.add('no-date');
      }
      if (!h.hasMillis) file.flags.add('second-resolution');
      file.flags.add(h.utc ? 'utc' : 'local-time');
      if (time < lastTime - 1000) file.flags.add('out-of-order');
      if (time > lastTime) lastTime = time;
      const rec: Rec = {
        line: lineNo,
        endLine: lineNo,
        continuation: null,
        detail: h.exception,
        header: true,
        time,
        rawTime: h.rawTime,
        level: h.level,
        logger: h.logger,
        simple,
        text: h.message,
        variant: null,
        fields: null,
        stream,
        expect: expectAfter(h.message),
        flags: unshifter?.fromPrevious ? ['time-from-previous-line'] : null,
        daemonLines: daemonLine,
        reason: '',
      };
      recognize(rec, lineNo);
      file.recs.push(rec);
      lastRec[stream] = rec;
      lastLine[stream] = lineNo;
      continue;
    }

    const stream = streamOf(service, null);
    const last = lastRec[stream];
    if (last !== undefined && lastLine[stream] === last.endLine) {
      let folded = true;
      if (last.expect === EXPECT_BLOCK) {
        if (s.trim() === ']') last.expect = EXPECT_NOTHING;
      } else if (isStackLine(s)) {
        last.expect = EXPECT_NOTHING;
      } else if (isExceptionLine(s) && (last.level === 'ERROR' || last.level === 'WARN' || last.continuation)) {
        last.expect = expectAfter(s);
      } else if (last.expect === EXPECT_NEXT_LINE) {
        last.expect = expectAfter(s);
      } else folded = false;
      if (folded) {
        fold(last, lineNo, s);
        lastLine[stream] = lineNo;
        continue;
      }
    }
    const kind = classifyOther(s);
    if (kind !== null) {
      if (kind === 'log4j-banner') file.log4j ??= bannerLog4j(s);
      file.other.push({ file: name, line: lineNo, kind, text: s });
      continue;
    }
    if (
      last !== undefined &&
      last.header &&
      lastLine[stream] === last.endLine &&
      (last.variant === null || (physicalLength >= WRAP_WIDTH_MIN && physicalLength === maxLength)) &&
      joinWrapped(last, s, match, recognize, lineNo)
    ) {
      lastLine[stream] = lineNo;
      continue;
    }
    const orphan = isStackLine(s) || isExceptionLine(s);
    const rec: Rec = {
      line: lineNo,
      endLine: lineNo,
      continuation: null,
      detail: null,
      header: false,
      time: NaN,
      rawTime: '',
      level: 'INFO',
      logger: '',
      simple: '',
      text: s,
      variant: null,
      fields: null,
      stream,
      expect: orphan ? EXPECT_NEXT_LINE : EXPECT_NOTHING,
      flags: null,
      daemonLines: 0,
      reason: orphan ? 'stack trace without its log line' : 'not a log line',
    };
    file.recs.push(rec);
    lastRec[stream] = rec;
    lastLine[stream] = lineNo;
  }

  file.layout = layoutOf(file);
  return file;
}

function fold(rec: Rec, lineNo: number, text: string): void {
  (rec.continuation ??= []).push(lineNo);
  (rec.detail ??= []).push(text);
  rec.endLine = lineNo;
}

/** A line cut by a terminal or an editor: joined to its event when the whole then matches. */
function joinWrapped(
  last: Rec,
  s: string,
  match: (rec: Rec, level: string, message: string) => ReturnType<TemplateMatcher['match']>,
  recognize: (rec: Rec, lineNo: number) => void,
  lineNo: number,
): boolean {
  for (const joined of [last.text + s, `${last.text} ${s}`]) {
    const m = match(last, last.level, joined);
    if (m && (last.variant === null || m.variant.template === last.variant.template)) {
      last.text = joined;
      if (last.variant === null) recognize(last, last.line);
      else last.fields = m.fields;
      fold(last, lineNo, s);
      (last.flags ??= []).push('hard-wrap-joined');
      return true;
    }
  }
  return false;
}

function formatEvidence(r: VersionRange): string {
  if (r.from !== undefined && r.before !== undefined) return `${r.from} ≤ v < ${r.before}`;
  return r.from !== undefined ? `≥${r.from}` : `<${r.before}`;
}

function layoutOf(f: FileRead): LayoutName {
  const k = f.headerKinds;
  const max = Math.max(k.plain, k.iso, k.dse, k.json);
  if (max === 0) return 'none';
  if (max === k.json) return 'json-lines';
  if (max === k.dse) return 'dse-system-log';
  if (max === k.iso) return f.sourceLines > 0 ? 'iso-source-line' : 'iso-date';
  return f.qualifiedLoggers > 0 ? 'package-qualified' : 'spark-default';
}
