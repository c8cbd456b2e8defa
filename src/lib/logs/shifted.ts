/**
 * A paste whose line breaks moved by one field: every line ends with the NEXT entry's timestamp,
 * sometimes with the first letters of its level (`… removing it. 24/02/26 05:29:17 I` / `NFO
 * Master: …`; file 25). Each line gets back the timestamp written at the end of the line before.
 */

const TRAILING_TIME = /^(.*?)\s*(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d)\s*([A-Z]{0,4})\s*$/;
const LEADING_TIME = /^\s*\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d /;
const LEVEL_FIRST = /^(?:INFO|WARN|ERROR|DEBUG|TRACE|FATAL) /;

/** Whether lines end with timestamps more often than they start with one. */
export function isShifted(sample: readonly string[]): boolean {
  let trailing = 0;
  let leading = 0;
  let nonEmpty = 0;
  for (const s of sample) {
    if (s.trim() === '') continue;
    nonEmpty++;
    if (LEADING_TIME.test(s)) leading++;
    else if (TRAILING_TIME.test(s)) trailing++;
  }
  return trailing >= 2 && trailing >= 0.3 * nonEmpty && trailing > leading;
}

export class Unshifter {
  private carry: { time: string; partial: string } | null = null;
  /** Whether the last line given back has its time from the line before. */
  fromPrevious = false;

  /** The line with the timestamp it lost put back in front (when it starts with a level). */
  apply(s: string): string {
    const m = TRAILING_TIME.exec(s);
    const content = m ? m[1] : s;
    let out = content;
    this.fromPrevious = false;
    if (this.carry) {
      const candidate = this.carry.partial + content;
      if (LEVEL_FIRST.test(candidate)) {
        out = `${this.carry.time} ${candidate}`;
        this.fromPrevious = true;
      }
    }
    if (m) this.carry = { time: m[2], partial: m[3] };
    else if (this.fromPrevious) this.carry = null;
    return out;
  }
}
