/**
 * One log effect as a line: virtual time and daemon first, then Spark's own layout
 * (`yy/MM/dd HH:mm:ss LEVEL Logger: message`).
 */
import type { Effect } from '../sim/types';
import { logDate } from './format';

type LogEffect = Extract<Effect, { k: 'log' }>;

/** `mm:ss.SSS` of virtual time (hours added when needed). */
export function virtualClock(t: number): string {
  const ms = Math.floor(t % 1000);
  const s = Math.floor(t / 1000) % 60;
  const m = Math.floor(t / 60_000) % 60;
  const h = Math.floor(t / 3_600_000);
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** A log effect as a line; `epochMs` dates it (a replayed log's first line; the simulation's epoch by default). */
export function formatLogLine(t: number, fx: LogEffect, epochMs?: number): string {
  return `[${virtualClock(t)}] ${fx.node.padEnd(9)} ${logDate(t, epochMs)} ${fx.level} ${fx.logger}: ${fx.text}`;
}
