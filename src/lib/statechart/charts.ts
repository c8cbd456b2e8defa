/**
 * The laid-out statecharts (`charts.json`, made by `npm run statecharts`), loaded the first time
 * one is drawn: the page's first load does not carry them.
 */
import type { ChartLayout } from './types';

let all: Promise<Record<string, ChartLayout>> | null = null;

export function loadChart(kind: string): Promise<ChartLayout | null> {
  all ??= import('./charts.json').then((m) => m.default as unknown as Record<string, ChartLayout>);
  return all.then((charts) => charts[kind] ?? null);
}
