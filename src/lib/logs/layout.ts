/**
 * The start of a log line: timestamp, level, logger, message, in any of the layouts Spark daemons
 * write (FORMATS.md): the default `yy/MM/dd HH:mm:ss LEVEL Logger: msg` (log4j 1 and 2, loggers
 * plain or package-qualified), ISO dates with or without `Logger:LINE -`, DSE's `system.log`, and
 * Spark 4's JSON lines. Parsed by hand into one reused object: this runs on every line.
 */
import { DayCache, fullYear, timeOfDay } from './timestamp';
import { same } from './unwrap';
import type { ParsedLevel } from './types';

export type HeaderKind = 'plain' | 'iso' | 'dse' | 'json';

export interface Header {
  kind: HeaderKind;
  /** Milliseconds since the epoch, or of the day when the line has no date (DSE). */
  time: number;
  hasDate: boolean;
  hasMillis: boolean;
  /** The time is UTC (JSON lines); otherwise the host's wall clock. */
  utc: boolean;
  rawTime: string;
  level: ParsedLevel;
  logger: string;
  message: string;
  /** `Logger:54 - msg`. */
  sourceLine: boolean;
  /** The `exception` of a JSON line, `class: message` then the stack trace, one a line. */
  exception: string | null;
}

const LEVELS: readonly ParsedLevel[] = ['INFO', 'WARN', 'ERROR', 'DEBUG', 'TRACE', 'FATAL'];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** The year's length (2 or 4) when `s` has a date `yy/MM/dd` or `yyyy-MM-dd` at `i`, else -1. */
function dateAt(s: string, i: number): number {
  const yLen = isDigit(s.charCodeAt(i + 2)) ? 4 : 2;
  const sep = s.charCodeAt(i + yLen);
  if (digits(s, i, yLen) < 0 || (sep !== 47 && sep !== 45) || s.charCodeAt(i + yLen + 3) !== sep) return -1;
  return yLen;
}

export class HeaderParser {
  readonly h: Header = {
    kind: 'plain',
    time: 0,
    hasDate: true,
    hasMillis: false,
    utc: false,
    rawTime: '',
    level: 'INFO',
    logger: '',
    message: '',
    sourceLine: false,
    exception: null,
  };
  private readonly days = new DayCache();

  /**
   * Reads the header of the line `s[start, end)` into `this.h`; false when it does not start like
   * a log line. (A whole file's text and a line's bounds: no string is made for the line.)
   */
  parse(s: string, start = 0, end = s.length): boolean {
    let i = start;
    while (i < end && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    // The shortest header, `INFO 00:00:00 A: ` or `yy/MM/dd HH:mm:ss INFO A:`, is past here.
    if (end - i < 16) return false;
    this.end = end;
    const c = s.charCodeAt(i);
    if (isDigit(c)) return this.dated(s, i, false);
    // `[2024-05-04 01:11:03,797] INFO …`, a bracketed timestamp.
    if (c === 91 && isDigit(s.charCodeAt(i + 1))) return this.dated(s, i + 1, true);
    if (c === 123) return this.json(s.slice(i, end));
    if (c >= 65 && c <= 90) return this.dse(s, i);
    return false;
  }

  /** The end of the line being read. */
  private end = 0;

  /** The level at `i` (followed by a space) into `h.level`; the index after it, or -1. */
  private level(s: string, i: number): number {
    let l: ParsedLevel;
    switch (s.charCodeAt(i)) {
      case 73: // I
        l = 'INFO';
        break;
      case 87: // W
        l = 'WARN';
        break;
      case 69: // E
        l = 'ERROR';
        break;
      case 68: // D
        l = 'DEBUG';
        break;
      case 84: // T
        l = 'TRACE';
        break;
      case 70: // F
        l = 'FATAL';
        break;
      default:
        return -1;
    }
    const n = l.length;
    if (i + n >= this.end || s.charCodeAt(i + n) !== 32) return -1;
    for (let k = 1; k < n; k++) if (s.charCodeAt(i + k) !== l.charCodeAt(k)) return -1;
    this.h.level = l;
    return i + n;
  }

  /** Loggers repeat: keeps the string of the line before when it is the same (its hash is computed once). */
  private setLogger(s: string, from: number, to: number): void {
    if (!same(s, from, to, this.h.logger)) this.h.logger = s.slice(from, to);
  }

  /** `Logger: msg`, `Logger:LINE - msg` or `Logger - msg` from `i`, maybe after a `[thread]`; false if not. */
  private loggerAndMessage(s: string, i: number): boolean {
    const end = this.end;
    while (i < end && s.charCodeAt(i) === 32) i++;
    // A thread name before the logger: `INFO [dispatcher-event-loop-1] Master: …`.
    if (s.charCodeAt(i) === 91) {
      const close = s.indexOf('] ', i);
      if (close < 0 || close >= end) return false;
      i = close + 2;
      while (i < end && s.charCodeAt(i) === 32) i++;
    }
    // The logger runs to a colon, or to a space before ` - ` (a layout without the colon).
    let colon = i;
    while (colon < end) {
      const c = s.charCodeAt(colon);
      if (c === 58) break;
      if (c === 32) {
        if (colon === i || !s.startsWith(' - ', colon)) return false;
        this.setLogger(s, i, colon);
        this.h.sourceLine = false;
        this.h.message = s.slice(colon + 3, end);
        return true;
      }
      colon++;
    }
    if (colon === i || colon >= end) return false;
    const h = this.h;
    this.setLogger(s, i, colon);
    if (colon + 1 < end && s.charCodeAt(colon + 1) === 32) {
      h.sourceLine = false;
      h.message = s.slice(colon + 2, end);
      return true;
    }
    let k = colon + 1;
    while (k < end && isDigit(s.charCodeAt(k))) k++;
    if (k > colon + 1 && k + 3 <= end && s.startsWith(' - ', k)) {
      h.sourceLine = true;
      h.message = s.slice(k + 3, end);
      return true;
    }
    if (colon === end - 1) {
      h.sourceLine = false;
      h.message = '';
      return true;
    }
    return false;
  }

  private dated(s: string, start: number, bracketed: boolean): boolean {
    let i = start;
    let yLen = dateAt(s, i);
    if (yLen < 0) return false;
    // An author may have put an ISO date before Spark's own (`2016-11-01 16/11/01 11:27:39`).
    if (s.charCodeAt(i + yLen + 6) === 32 && dateAt(s, i + yLen + 7) > 0) {
      i += yLen + 7;
      yLen = dateAt(s, i);
    }
    const y = digits(s, i, yLen);
    const mo = digits(s, i + yLen + 1, 2);
    const d = digits(s, i + yLen + 4, 2);
    let p = i + yLen + 6;
    if (p + 10 > this.end) return false;
    const t = s.charCodeAt(p);
    if (t !== 32 && t !== 84) return false;
    p++;
    const hh = digits(s, p, 2);
    const mi = digits(s, p + 3, 2);
    const ss = digits(s, p + 6, 2);
    if (mo < 1 || d < 1 || hh < 0 || mi < 0 || ss < 0 || s.charCodeAt(p + 2) !== 58 || s.charCodeAt(p + 5) !== 58) {
      return false;
    }
    p += 8;
    let ms = 0;
    let hasMillis = false;
    const frac = s.charCodeAt(p);
    if ((frac === 44 || frac === 46) && isDigit(s.charCodeAt(p + 1))) {
      let k = p + 1;
      let scale = 100;
      while (k < this.end && isDigit(s.charCodeAt(k))) {
        ms += (s.charCodeAt(k) - 48) * scale;
        scale /= 10;
        k++;
      }
      ms = Math.floor(ms);
      hasMillis = true;
      p = k;
    }
    // A zone: `Z`, `+02:00`, `-0700`.
    let zone = 0;
    let utc = false;
    const z = s.charCodeAt(p);
    if (z === 90) {
      utc = true;
      p++;
    } else if ((z === 43 || z === 45) && isDigit(s.charCodeAt(p + 1))) {
      const zh = digits(s, p + 1, 2);
      const colon = s.charCodeAt(p + 3) === 58 ? 1 : 0;
      const zm = digits(s, p + 3 + colon, 2);
      if (zh < 0 || zm < 0) return false;
      zone = (z === 43 ? 1 : -1) * (zh * 60 + zm) * 60_000;
      utc = true;
      p += 5 + colon;
    }
    const h = this.h;
    const time = this.days.day(fullYear(y), mo, d) + timeOfDay(hh, mi, ss, ms) - zone;
    // Many lines share a second: keep the string of the line before when it is the same.
    if (time !== h.time || !same(s, start, p, h.rawTime)) h.rawTime = s.slice(start, p);
    if (bracketed) {
      if (s.charCodeAt(p) !== 93) return false;
      p++;
    }
    if (p >= this.end || s.charCodeAt(p) !== 32) return false;
    while (p < this.end && s.charCodeAt(p) === 32) p++;
    const afterLevel = this.level(s, p);
    if (afterLevel < 0 || !this.loggerAndMessage(s, afterLevel)) return false;
    h.kind = yLen === 4 ? 'iso' : 'plain';
    h.time = time;
    h.hasDate = true;
    h.hasMillis = hasMillis;
    h.utc = utc;
    h.exception = null;
    return true;
  }

  /** ` INFO 22:10:41,640 SparkMaster: msg` (level right-aligned, time of day only). */
  private dse(s: string, i: number): boolean {
    const p = this.level(s, i);
    if (p < 0) return false;
    const t = p + 1;
    if (t + 10 > this.end) return false;
    const hh = digits(s, t, 2);
    const mi = digits(s, t + 3, 2);
    const ss = digits(s, t + 6, 2);
    if (hh < 0 || mi < 0 || ss < 0 || s.charCodeAt(t + 2) !== 58 || s.charCodeAt(t + 5) !== 58) return false;
    let k = t + 8;
    let ms = 0;
    const hasMillis = s.charCodeAt(k) === 44 || s.charCodeAt(k) === 46;
    if (hasMillis) {
      ms = k + 4 <= this.end ? digits(s, k + 1, 3) : -1;
      if (ms < 0) return false;
      k += 4;
    }
    if (k >= this.end || s.charCodeAt(k) !== 32 || !this.loggerAndMessage(s, k + 1)) return false;
    const h = this.h;
    h.rawTime = s.slice(t, k);
    h.kind = 'dse';
    h.time = timeOfDay(hh, mi, ss, ms);
    h.hasDate = false;
    h.hasMillis = hasMillis;
    h.utc = false;
    h.exception = null;
    return true;
  }

  /** `{"ts":"2024-08-21T16:16:25.954Z","level":"INFO","msg":"…","logger":"Master"}` */
  private json(s: string): boolean {
    let o: unknown;
    try {
      o = JSON.parse(s);
    } catch {
      return false;
    }
    if (typeof o !== 'object' || o === null) return false;
    const r = o as Record<string, unknown>;
    if (typeof r.ts !== 'string' || typeof r.msg !== 'string' || typeof r.level !== 'string') return false;
    const time = Date.parse(r.ts);
    const level = LEVELS.find((l) => l === r.level);
    if (Number.isNaN(time) || !level) return false;
    const h = this.h;
    h.kind = 'json';
    h.time = time;
    h.hasDate = true;
    h.hasMillis = /\.\d/.test(r.ts);
    h.utc = /(?:Z|[+-]\d\d:?\d\d)$/.test(r.ts);
    h.rawTime = r.ts;
    h.level = level;
    h.logger = typeof r.logger === 'string' ? r.logger : '';
    h.message = r.msg;
    h.sourceLine = false;
    h.exception = null;
    if (typeof r.exception === 'object' && r.exception !== null) {
      const e = r.exception as Record<string, unknown>;
      const head = [e.class, e.msg].filter((x) => typeof x === 'string').join(': ');
      const stack = typeof e.stacktrace === 'string' ? e.stacktrace.split('\n') : [];
      h.exception = [head, ...stack].filter((x) => x !== '').join('\n');
    }
    return true;
  }
}

/** The logger's class name: the last segment of a package-qualified or fully qualified name. */
export function simpleLogger(logger: string): string {
  const dot = logger.lastIndexOf('.');
  return dot < 0 ? logger : logger.slice(dot + 1);
}
