/**
 * One file, line by line: take the wrapper off, read the header, name the template, fold
 * continuation lines into the event before them, classify the lines that are not events, and
 * keep the rest as unrecognized. Every line ends up in exactly one event, unrecognized line or
 * classified line. The output objects are made here, once (what needs the other files — daemon
 * ids, dates, clock offsets — is filled in by `parse.ts`): this runs on every line of every file.
 */
import {
  DAEMON_LOGGERS,
  intersect,
  processOf,
  templateMatcher,
  type DaemonKind,
  type TemplateMatch,
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
  isBlockEnd,
  isStackLine,
  splitTrailingException,
  type Expect,
} from './continuation';
import { HeaderParser, simpleLogger, type HeaderKind } from './layout';
import { isShifted, Unshifter } from './shifted';
import { PAIRED } from './skew';
import { DAY_MS } from './timestamp';
import type { ClassifiedLine, EventFlag, FileFlag, LayoutName, LogEvent, ParsedLevel, UnrecognizedLine } from './types';
import { detectWrapper, unwrap, wrapperFlags, type Unwrapped } from './unwrap';

type Writable<T> = { -readonly [K in keyof T]: T[K] };
export type EventDraft = Writable<LogEvent> & { continuation?: number[]; flags?: EventFlag[] };
export type UnrecognizedDraft = Writable<UnrecognizedLine> & { continuation?: number[] };

/** The lines of one writer inside a file: a compose service, a DSE logger, or the whole file. */
export interface Stream {
  readonly key: string | null;
  /** The daemon a DSE logger (`SparkMaster`, `SparkWorker`) stands for. */
  readonly dseSide: 'master' | 'worker' | null;
}

export interface FileRead {
  readonly name: string;
  readonly index: number;
  lines: number;
  layout: LayoutName;
  log4j: 'log4j1' | 'log4j2' | null;
  readonly flags: Set<FileFlag>;
  readonly notes: string[];
  /** In file order; `daemon` is filled in later from `eventStreams`, `time` gets the clock offset. */
  readonly events: EventDraft[];
  readonly eventStreams: number[];
  /** The indexes of the events whose template takes part in cause-and-effect pairs (`skew.ts`). */
  readonly paired: number[];
  readonly unrecognized: UnrecognizedDraft[];
  readonly unrecognizedStreams: number[];
  readonly other: ClassifiedLine[];
  readonly streams: Stream[];
  headers: number;
  readonly headerKinds: Record<HeaderKind, number>;
  qualifiedLoggers: number;
  /** Headers that print the logger's source line (`Master:54 - `). */
  sourceLines: number;
  /** Lines written by a Master/Worker logger, and those of them in an event. */
  daemonLines: number;
  recognizedDaemonLines: number;
  /** Lines folded into events or unrecognized lines. */
  continuation: number;
  /** The earliest and latest time of its log lines (NaN when none), before any clock offset. */
  firstTime: number;
  lastTime: number;
  /** Its events are in time order. */
  inOrder: boolean;
  /** The first line that names the version. */
  exactVersion: { version: string; line: number } | null;
  /** The versions the recognized wordings allow, and the first line of each kind of evidence. */
  evidence: VersionRange;
  readonly evidenceFrom: string[];
}

const DSE_SIDES: Record<string, 'master' | 'worker'> = { SparkMaster: 'master', SparkWorker: 'worker' };
const preferMaster = (d: DaemonKind) => processOf(d) !== 'worker';
const preferWorker = (d: DaemonKind) => processOf(d) !== 'master';

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

/** Whether a message may be a stack frame, a cause or an exception line (a cheap look at its start). */
function mayContinue(message: string): boolean {
  const c = message.charCodeAt(0);
  return c === 9 || c === 32 || c === 67 /* C */ || c === 83 /* S */ || (c >= 97 && c <= 122);
}

/** Terminal hard wraps cut lines at one width; a line that long may continue on the next. */
const WRAP_WIDTH_MIN = 72;

/** The last record of a stream, which the next lines may belong to (one object a stream, reused). */
interface Last {
  event: EventDraft | null;
  unrecognized: UnrecognizedDraft | null;
  /** Its index in the file's events or unrecognized lines. */
  index: number;
  /** It starts with a log header. */
  header: boolean;
  /** The last line it holds. */
  line: number;
  expect: Expect;
  level: ParsedLevel;
  logger: string;
  simple: string;
  daemonLines: number;
  /**
   * Folded lines that follow one another in the file's own text, kept as bounds until the record
   * is done and then made into one string: [pendingFrom, pendingTo), the next line starting at
   * pendingNext.
   */
  pendingFrom: number;
  pendingTo: number;
  pendingNext: number;
}

export function readFile(name: string, index: number, text: string, matcher = templateMatcher()): FileRead {
  // Lines are read in place, by their bounds in `text`: a line becomes a string only if needed.
  const first = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const crlf = text.includes('\r');
  const lineEnd = (nl: number, from: number) => (crlf && nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
  const head: string[] = [];
  for (let pos = first; pos < text.length && head.length < 400;) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    head.push(text.slice(pos, lineEnd(nl, pos)));
    pos = nl + 1;
  }
  const wrapper = detectWrapper(head);
  const unwrapped: Unwrapped = { text: '', from: 0, to: 0, service: null };
  const sample = head.slice(0, 200).map((l) => {
    unwrap(l, 0, l.length, wrapper, unwrapped);
    return unwrapped.text.slice(unwrapped.from, unwrapped.to);
  });
  wrapper.lastService = null;
  const unshifter = isShifted(sample) ? new Unshifter() : null;
  let maxLength = -1;
  const longestLine = () => {
    if (maxLength < 0) {
      maxLength = 0;
      for (const l of splitLines(text)) if (l.length > maxLength) maxLength = l.length;
    }
    return maxLength;
  };

  const file: FileRead = {
    name,
    index,
    lines: 0,
    layout: 'none',
    log4j: null,
    flags: new Set(wrapperFlags(wrapper)),
    notes: [],
    events: [],
    eventStreams: [],
    paired: [],
    unrecognized: [],
    unrecognizedStreams: [],
    other: [],
    streams: [],
    headers: 0,
    headerKinds: { plain: 0, iso: 0, dse: 0, json: 0 },
    qualifiedLoggers: 0,
    sourceLines: 0,
    daemonLines: 0,
    recognizedDaemonLines: 0,
    continuation: 0,
    firstTime: NaN,
    lastTime: NaN,
    inOrder: true,
    exactVersion: null,
    evidence: {},
    evidenceFrom: [],
  };
  if (unshifter) file.flags.add('shifted-line-breaks');

  const streamIds = new Map<string | null, number>();
  const lasts: Last[] = [];
  /** The last line of each stream, whatever it was (a blank line breaks what comes before). */
  const seen: number[] = [];
  let lastKey: string | null = null;
  let lastId = -1;
  const streamOf = (key: string | null, dseSide: 'master' | 'worker' | null): number => {
    if (key === lastKey && lastId >= 0) return lastId;
    let id = streamIds.get(key);
    if (id === undefined) {
      id = file.streams.length;
      streamIds.set(key, id);
      file.streams.push({ key, dseSide });
      seen.push(-1);
      lasts.push({
        event: null,
        unrecognized: null,
        index: -1,
        header: false,
        line: -2,
        expect: EXPECT_NOTHING,
        level: 'INFO',
        logger: '',
        simple: '',
        daemonLines: 0,
        pendingFrom: -1,
        pendingTo: -1,
        pendingNext: -1,
      });
    }
    lastKey = key;
    lastId = id;
    return id;
  };
  const simpleNames = new Map<string, string>();
  /** The loggers, as printed, that are a daemon's (`Master`, `worker.Worker`). */
  const daemonLoggers = new Set<string>();
  let lastLogger = '';
  let lastSimple = '';
  let lastIsDaemon = false;
  const parser = new HeaderParser();
  const h = parser.h;
  const evidenceSeen = new Set<Variant>();
  let noDate = false;
  let secondResolution = false;
  let utc = false;
  let localTime = false;
  let outOfOrder = false;
  let prevTimeOfDay = -1;
  let dayOffset = 0;
  let lastTime = -Infinity;
  let firstTime = Infinity;
  /** The time of the last event (the order that matters for merging). */
  let lastEventTime = -Infinity;
  let inOrder = true;
  let prevLength = 0;
  let reordered = false;
  let plainHeaders = 0;
  let isoHeaders = 0;
  let dseHeaders = 0;
  let jsonHeaders = 0;

  const match = (stream: number, logger: string, simple: string, level: string, message: string) => {
    const side = file.streams[stream].dseSide;
    if (side) return matcher.match(logger, level, message, side === 'master' ? preferMaster : preferWorker);
    return matcher.match(simple, level, message);
  };

  /** Takes note of what a match says about the stream's daemon and the version. */
  const noteMatch = (m: TemplateMatch, lineNo: number) => {
    const t = m.variant.template;
    if (file.exactVersion === null && (t.id === 'master.running-version' || t.id === 'worker.running-version')) {
      file.exactVersion = { version: String(m.fields.version), line: lineNo };
    }
    const ev = m.variant.evidence;
    if (ev && !evidenceSeen.has(m.variant)) {
      evidenceSeen.add(m.variant);
      const narrowed = intersect(file.evidence, ev);
      if (narrowed) {
        file.evidenceFrom.push(`line ${lineNo}: ${t.id} (${formatEvidence(ev)})`);
        file.evidence = narrowed;
      }
    }
  };

  const reasonFor = (stream: number, logger: string, simple: string) => {
    if (file.streams[stream].dseSide) return `unknown template for DSE logger ${logger}`;
    return matcher.knows(simple)
      ? `unknown template for logger ${simple}`
      : `logger ${logger} is not in the template table`;
  };

  /** Adds a line of text to a record's detail. */
  const addDetail = (rec: EventDraft | UnrecognizedDraft, line: string) => {
    rec.detail = rec.detail === undefined ? line : `${rec.detail}\n${line}`;
  };
  /** Makes the string of the folded lines still kept as bounds. */
  const flush = (last: Last) => {
    if (last.pendingFrom < 0) return;
    addDetail((last.event ?? last.unrecognized)!, text.slice(last.pendingFrom, last.pendingTo));
    last.pendingFrom = -1;
  };
  /**
   * Folds the line s[from, to) into the stream's last record. In the file's own text, lines that
   * follow one another become one slice of it (`next`: where the line after this one starts).
   */
  const fold = (last: Last, lineNo: number, s: string, from: number, to: number, next: number) => {
    const rec = last.event ?? last.unrecognized!;
    (rec.continuation ??= []).push(lineNo);
    rec.endLine = lineNo;
    last.line = lineNo;
    file.continuation++;
    if (s === text && !crlf) {
      if (last.pendingFrom < 0 || from !== last.pendingNext) {
        flush(last);
        last.pendingFrom = from;
      }
      last.pendingTo = to;
      last.pendingNext = next;
    } else {
      flush(last);
      addDetail(rec, from === 0 && to === s.length ? s : s.slice(from, to));
    }
  };

  let lineNo = 0;
  for (let pos = first; pos < text.length;) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const start = pos;
    const end = lineEnd(nl, pos);
    pos = nl + 1;
    lineNo++;
    // The line is s[from, to): mostly the file's text itself, so that no string is made for it.
    let s = text;
    let from = start;
    let to = end;
    let service: string | null = null;
    if (!wrapper.none) {
      unwrap(text, start, end, wrapper, unwrapped);
      s = unwrapped.text;
      from = unwrapped.from;
      to = unwrapped.to;
      service = unwrapped.service;
    }
    if (unshifter) {
      s = unshifter.apply(s.slice(from, to));
      from = 0;
      to = s.length;
    }
    const physicalLength = prevLength;
    prevLength = end - start;

    if (parser.parse(s, from, to)) {
      file.headers++;
      if (h.kind === 'plain') plainHeaders++;
      else if (h.kind === 'iso') isoHeaders++;
      else if (h.kind === 'dse') dseHeaders++;
      else jsonHeaders++;
      if (h.sourceLine) file.sourceLines++;
      const dseSide = h.kind === 'dse' ? (DSE_SIDES[h.logger] ?? null) : null;
      const stream = streamOf(dseSide ? `dse:${h.logger}` : service, dseSide);
      // The header parser keeps the logger's string while it repeats: the last answers hold then.
      if (h.logger !== lastLogger) {
        lastLogger = h.logger;
        let simple = simpleNames.get(h.logger);
        if (simple === undefined) {
          simple = simpleLogger(h.logger);
          simpleNames.set(h.logger, simple);
          if (simple !== h.logger) file.qualifiedLoggers++;
          if (DAEMON_LOGGERS.has(simple)) daemonLoggers.add(h.logger);
        }
        lastSimple = simple;
        lastIsDaemon = daemonLoggers.has(h.logger);
      }
      const simple = lastSimple;
      const daemonLine = dseSide !== null || lastIsDaemon ? 1 : 0;
      file.daemonLines += daemonLine;
      const last = lasts[stream];
      const follows = last.line === seen[stream];
      seen[stream] = lineNo;
      // DSE logs each frame of a stack trace as an event of its own: fold it into the one before.
      if (
        last.header &&
        follows &&
        last.logger === h.logger &&
        mayContinue(h.message) &&
        (isStackLine(h.message) || (isExceptionLine(h.message) && (last.level === 'ERROR' || last.level === 'WARN')))
      ) {
        fold(last, lineNo, h.message, 0, h.message.length, pos);
        last.daemonLines += daemonLine;
        if (last.event) {
          file.recognizedDaemonLines += daemonLine;
          if (!last.event.flags?.includes('prefixed-continuation')) {
            (last.event.flags ??= []).push('prefixed-continuation');
          }
        }
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
        noDate = true;
      }
      if (!h.hasMillis) secondResolution = true;
      if (h.utc) utc = true;
      else localTime = true;
      if (time < lastTime - 1000) outOfOrder = true;
      if (time > lastTime) lastTime = time;
      if (time < firstTime) firstTime = time;

      const message = h.message;
      let m = match(stream, h.logger, simple, h.level, message);
      let detail = h.exception ?? undefined;
      flush(last);
      let flags: EventFlag[] | undefined = unshifter?.fromPrevious ? ['time-from-previous-line'] : undefined;
      let expect = expectAfter(message);
      if (!m) {
        const split = splitTrailingException(message);
        const head = split && match(stream, h.logger, simple, h.level, split[0]);
        if (split && head) {
          m = head;
          (flags ??= []).push('exception-on-same-line');
          detail = split[1];
          expect = expectAfter(split[1]);
        }
      }
      last.header = true;
      last.line = lineNo;
      last.expect = expect;
      last.level = h.level;
      last.logger = h.logger;
      last.simple = simple;
      last.daemonLines = daemonLine;
      if (m) {
        const t = m.variant.template;
        noteMatch(m, lineNo);
        // Every event has every property (absent ones undefined): one shape, fast to read for all.
        const event: EventDraft = {
          file: name,
          line: lineNo,
          endLine: undefined,
          continuation: undefined,
          detail,
          time,
          rawTime: h.rawTime,
          daemon: '',
          level: h.level,
          logger: h.logger,
          template: t.id,
          daemonKind: t.daemon,
          fields: m.fields,
          text: message,
          ref: t.ref,
          flags,
        };
        if (PAIRED.has(t.id)) file.paired.push(file.events.length);
        if (time < lastEventTime) inOrder = false;
        lastEventTime = time;
        last.event = event;
        last.unrecognized = null;
        last.index = file.events.length;
        file.events.push(event);
        file.eventStreams.push(stream);
        file.recognizedDaemonLines += daemonLine;
      } else {
        const u: UnrecognizedDraft = {
          file: name,
          line: lineNo,
          endLine: undefined,
          continuation: undefined,
          text: message,
          detail,
          reason: reasonFor(stream, h.logger, simple),
          time,
          rawTime: h.rawTime,
          level: h.level,
          logger: h.logger,
          daemon: '',
        };
        last.event = null;
        last.unrecognized = u;
        last.index = file.unrecognized.length;
        file.unrecognized.push(u);
        file.unrecognizedStreams.push(stream);
      }
      continue;
    }

    const stream = streamOf(service, null);
    const last = lasts[stream];
    const follows = last.line === seen[stream] && last.index >= 0;
    seen[stream] = lineNo;
    if (follows) {
      let folded = true;
      if (last.expect === EXPECT_BLOCK) {
        if (isBlockEnd(s, from, to)) last.expect = EXPECT_NOTHING;
      } else if (isStackLine(s, from, to)) {
        last.expect = EXPECT_NOTHING;
      } else if (
        isExceptionLine(s, from, to) &&
        (last.level === 'ERROR' || last.level === 'WARN' || (last.event ?? last.unrecognized)?.continuation)
      ) {
        last.expect = expectAfter(s, to);
      } else if (last.expect === EXPECT_NEXT_LINE) {
        last.expect = expectAfter(s, to);
      } else folded = false;
      if (folded) {
        fold(last, lineNo, s, from, to, pos);
        continue;
      }
    }
    // Not part of the record before: the line is needed as a string.
    if (from !== 0 || to !== s.length) s = s.slice(from, to);
    from = 0;
    to = s.length;
    const kind = classifyOther(s);
    if (kind !== null) {
      if (kind === 'log4j-banner') file.log4j ??= bannerLog4j(s);
      file.other.push({ file: name, line: lineNo, kind, text: s });
      continue;
    }
    if (
      last.header &&
      follows &&
      (last.event === null || (physicalLength >= WRAP_WIDTH_MIN && physicalLength === longestLine()))
    ) {
      const rec = last.event ?? last.unrecognized!;
      const joined = joinWrapped(rec.text, s, (t) => match(stream, last.logger, last.simple, last.level, t));
      if (joined && (last.event === null || joined.match.variant.template.id === last.event.template)) {
        if (last.event) {
          last.event.text = joined.text;
          last.event.fields = joined.match.fields;
        } else {
          // An unrecognized line that its next line completes: it becomes an event.
          const u = last.unrecognized!;
          flush(last);
          const t = joined.match.variant.template;
          noteMatch(joined.match, u.line);
          const event: EventDraft = {
            file: name,
            line: u.line,
            endLine: u.endLine,
            continuation: u.continuation,
            detail: u.detail,
            time: u.time!,
            rawTime: u.rawTime ?? '',
            daemon: '',
            level: last.level,
            logger: last.logger,
            template: t.id,
            daemonKind: t.daemon,
            fields: joined.match.fields,
            text: joined.text,
            ref: t.ref,
            flags: undefined,
          };
          const at = file.unrecognized.indexOf(u);
          file.unrecognized.splice(at, 1);
          file.unrecognizedStreams.splice(at, 1);
          if (file.events.length > 0 && file.events[file.events.length - 1].line > event.line) reordered = true;
          if (PAIRED.has(t.id)) file.paired.push(file.events.length);
          inOrder = false;
          last.index = file.events.length;
          file.events.push(event);
          file.eventStreams.push(stream);
          file.recognizedDaemonLines += last.daemonLines;
          last.event = event;
          last.unrecognized = null;
        }
        fold(last, lineNo, s, 0, s.length, pos);
        (last.event.flags ??= []).push('hard-wrap-joined');
        continue;
      }
    }
    const orphan = isStackLine(s) || isExceptionLine(s);
    flush(last);
    const u: UnrecognizedDraft = {
      file: name,
      line: lineNo,
      endLine: undefined,
      continuation: undefined,
      text: s,
      detail: undefined,
      reason: orphan ? 'stack trace without its log line' : 'not a log line',
    };
    last.event = null;
    last.unrecognized = u;
    last.index = file.unrecognized.length;
    last.header = false;
    last.line = lineNo;
    last.expect = orphan ? EXPECT_NEXT_LINE : EXPECT_NOTHING;
    last.level = 'INFO';
    last.daemonLines = 0;
    file.unrecognized.push(u);
    file.unrecognizedStreams.push(stream);
  }

  for (const last of lasts) flush(last);
  file.lines = lineNo;
  file.headerKinds.plain = plainHeaders;
  file.headerKinds.iso = isoHeaders;
  file.headerKinds.dse = dseHeaders;
  file.headerKinds.json = jsonHeaders;
  if (reordered) sortByLine(file);
  if (noDate) file.flags.add('no-date');
  if (secondResolution) file.flags.add('second-resolution');
  if (localTime) file.flags.add('local-time');
  if (utc) file.flags.add('utc');
  if (outOfOrder) file.flags.add('out-of-order');
  if (firstTime !== Infinity) {
    file.firstTime = firstTime;
    file.lastTime = lastTime;
  }
  file.inOrder = inOrder && !reordered;
  file.layout = layoutOf(file);
  return file;
}

/** A line cut by a terminal or an editor, joined back (without or with a space) if the whole matches. */
function joinWrapped(
  text: string,
  s: string,
  match: (text: string) => TemplateMatch | null,
): { text: string; match: TemplateMatch } | null {
  for (const joined of [text + s, `${text} ${s}`]) {
    const m = match(joined);
    if (m) return { text: joined, match: m };
  }
  return null;
}

/** Events back in line order after an unrecognized line turned into one (streams interleave). */
function sortByLine(file: FileRead): void {
  const order = file.events.map((_, i) => i).sort((a, b) => file.events[a].line - file.events[b].line);
  const events = order.map((i) => file.events[i]);
  const streams = order.map((i) => file.eventStreams[i]);
  file.events.splice(0, events.length, ...events);
  file.eventStreams.splice(0, streams.length, ...streams);
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
