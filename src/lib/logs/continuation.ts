/**
 * Lines that belong to the event before them: stack frames (`\tat …`, `… 44 more`), causes, an
 * exception's class line, akka's `[` … `]` blocks, and whatever follows a message that announces
 * more with a trailing colon (an exception message, `Resources for spark.worker:` and its empty
 * line).
 */

const MORE = /^\.\.\. \d+ (?:more|common frames omitted)/;
/** `java.io.IOException: Stream closed`, `akka.event.Logging$Error$NoCause$`. */
const EXCEPTION = /^[a-zA-Z_$][\w$]*(?:\.[\w$]+)+(?:: |:?$)/;
const EXCEPTION_CLASS = /(?:Exception|Error|Throwable|NotFound|Failure|Cause)\$?$/;

function skipSpace(s: string, i: number, to: number): number {
  while (i < to && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return i;
}

/** A stack frame, `... N more` or a `Caused by:` line, in `s[from, to)` (by hand: no string made). */
export function isStackLine(s: string, from = 0, to = s.length): boolean {
  const i = skipSpace(s, from, to);
  switch (s.charCodeAt(i)) {
    case 97: // `at com.example.Foo.bar(Foo.java:1)`
      return (
        i + 3 < to && s.charCodeAt(i + 1) === 116 && s.charCodeAt(i + 2) === 32 && isFrameStart(s.charCodeAt(i + 3))
      );
    case 46: // `... 44 more`
      return i + 5 < to && MORE.test(s.slice(i, to));
    case 67: // `Caused by: `
      return s.startsWith('Caused by: ', i) && i + 11 <= to;
    case 83: // `Suppressed: `
      return s.startsWith('Suppressed: ', i) && i + 12 <= to;
    default:
      return false;
  }
}

function isFrameStart(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 36 ||
    c === 46 ||
    c === 60 ||
    c === 47 ||
    c === 45
  );
}

/** The line an exception prints first: its class (qualified) and message, in `s[from, to)`. */
export function isExceptionLine(s: string, from = 0, to = s.length): boolean {
  // A package name starts it: a lower-case letter, perhaps after spaces.
  const i = skipSpace(s, from, to);
  const c = s.charCodeAt(i);
  if (!((c >= 97 && c <= 122) || c === 95 || c === 36)) return false;
  const line = s.slice(i, to);
  if (!EXCEPTION.test(line)) return false;
  const colon = line.indexOf(':');
  const cls = (colon < 0 ? line : line.slice(0, colon)).trim();
  return EXCEPTION_CLASS.test(cls) || cls.includes('$');
}

/** Whether `s[from, to)` is `]`, perhaps with spaces: the end of an akka block. */
export function isBlockEnd(s: string, from: number, to: number): boolean {
  const i = skipSpace(s, from, to);
  return i < to && s.charCodeAt(i) === 93 && skipSpace(s, i + 1, to) === to;
}

/** What a message says about the lines after it: nothing, */
export const EXPECT_NOTHING = 0;
/** that the next line goes with it, whatever it is (it ends with `:`), */
export const EXPECT_NEXT_LINE = 1;
/** or that an akka `[` block follows, closed by a line `]`. */
export const EXPECT_BLOCK = 2;
export type Expect = typeof EXPECT_NOTHING | typeof EXPECT_NEXT_LINE | typeof EXPECT_BLOCK;

export function expectAfter(message: string, end = message.length): Expect {
  const last = message.charCodeAt(end - 1);
  if (last === 91 /* [ */) return EXPECT_BLOCK;
  if (last === 58 /* : */) return EXPECT_NEXT_LINE;
  return EXPECT_NOTHING;
}

/** An exception Spark prints on the next line, found at the end of this one (a mangled paste). */
const TRAILING_EXCEPTION = /^(.*?)\s+((?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)(?::.*)?)$/;

export function splitTrailingException(message: string): [string, string] | null {
  const m = TRAILING_EXCEPTION.exec(message);
  return m ? [m[1], m[2]] : null;
}
