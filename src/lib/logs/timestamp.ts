/**
 * Log timestamps as milliseconds: the wall-clock fields a line prints, read as if UTC (Spark's
 * plain layouts print the host's local time with no zone), with the day's start cached so a line
 * costs a few multiplications. Also the dates that ids carry (`app-20141106221014-0000`), from
 * which a file that prints no date gets one.
 */

export const DAY_MS = 86_400_000;

export class DayCache {
  private y = -1;
  private m = -1;
  private d = -1;
  private base = 0;

  /** Milliseconds at 00:00 of the day (month 1–12). */
  day(y: number, m: number, d: number): number {
    if (y !== this.y || m !== this.m || d !== this.d) {
      this.y = y;
      this.m = m;
      this.d = d;
      this.base = Date.UTC(y, m - 1, d);
    }
    return this.base;
  }
}

export function timeOfDay(h: number, mi: number, s: number, ms: number): number {
  return ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** Two-digit years are this century's (Spark 1.0 is from 2014). */
export function fullYear(y: number): number {
  return y < 100 ? 2000 + y : y;
}

const ID_STAMP = /\b(?:app|driver|worker)-(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\b/;

/**
 * The day an id minted by Spark (`app-`/`driver-`/`worker-yyyyMMddHHmmss…`) was made on, if
 * `text` holds one, with the id and its time of day.
 */
export function idDate(text: string): { day: number; timeOfDay: number; id: string } | null {
  const m = ID_STAMP.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return { day: Date.UTC(y, mo - 1, d), timeOfDay: timeOfDay(h, mi, s, 0), id: m[0] };
}

/** `2014-11-06 22:10:41.640`, the wall clock a time stands for. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
