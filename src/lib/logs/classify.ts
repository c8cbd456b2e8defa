/**
 * Lines of a daemon's output that are not log events and are not continuations either: what a
 * `.out` file starts with, the log4j banner, JVM warnings, blank lines, an author's `...`.
 */
import type { OtherKind } from './types';

export function classifyOther(s: string): OtherKind | null {
  const t = s.trim();
  if (t === '') return 'blank';
  if (t.startsWith("Using Spark's default log4j profile:")) return 'log4j-banner';
  if (t.startsWith('Spark Command: ')) return 'spark-command';
  if (/^={10,}$/.test(t)) return 'separator';
  if (t.startsWith('WARNING: ')) return 'jvm-warning';
  if (t === '...' || t === '…' || /^(?:\.{3}|…).*(?:\.{3}|…)$/.test(t)) return 'elision';
  return null;
}

/** The log4j generation a banner names. */
export function bannerLog4j(s: string): 'log4j1' | 'log4j2' | null {
  if (s.includes('log4j2-defaults.properties')) return 'log4j2';
  if (s.includes('log4j-defaults.properties')) return 'log4j1';
  return null;
}
