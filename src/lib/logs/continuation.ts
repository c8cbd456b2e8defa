/**
 * Lines that belong to the event before them: stack frames (`\tat …`, `… 44 more`), causes, an
 * exception's class line, akka's `[` … `]` blocks, and whatever follows a message that announces
 * more with a trailing colon (an exception message, `Resources for spark.worker:` and its empty
 * line).
 */

const FRAME = /^\s*at [\w$.<>/-]/;
const MORE = /^\s*\.\.\. \d+ (?:more|common frames omitted)/;
const CAUSE = /^\s*(?:Caused by|Suppressed): /;
/** `java.io.IOException: Stream closed`, `akka.event.Logging$Error$NoCause$`. */
const EXCEPTION = /^\s*[a-zA-Z_$][\w$]*(?:\.[\w$]+)+(?:: |:?$)/;
const EXCEPTION_CLASS = /(?:Exception|Error|Throwable|NotFound|Failure|Cause)\$?$/;

/** A stack frame, `... N more` or a `Caused by:` line (its first character picks the one test). */
export function isStackLine(s: string): boolean {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  switch (s.charCodeAt(i)) {
    case 97: // a
      return FRAME.test(s);
    case 46: // .
      return MORE.test(s);
    case 67: // C
    case 83: // S
      return CAUSE.test(s);
    default:
      return false;
  }
}

/** The line an exception prints first: its class (qualified) and message. */
export function isExceptionLine(s: string): boolean {
  // A package name starts it: a lower-case letter, perhaps after spaces.
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  const c = s.charCodeAt(i);
  if (!((c >= 97 && c <= 122) || c === 95 || c === 36) || !EXCEPTION.test(s)) return false;
  const colon = s.indexOf(':');
  const cls = (colon < 0 ? s : s.slice(0, colon)).trim();
  return EXCEPTION_CLASS.test(cls) || cls.includes('$');
}

/** What a message says about the lines after it: nothing, */
export const EXPECT_NOTHING = 0;
/** that the next line goes with it, whatever it is (it ends with `:`), */
export const EXPECT_NEXT_LINE = 1;
/** or that an akka `[` block follows, closed by a line `]`. */
export const EXPECT_BLOCK = 2;
export type Expect = typeof EXPECT_NOTHING | typeof EXPECT_NEXT_LINE | typeof EXPECT_BLOCK;

export function expectAfter(message: string): Expect {
  const last = message.charCodeAt(message.length - 1);
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
