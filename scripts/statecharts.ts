/**
 * `npm run statecharts`: lays out every daemon's statechart from its XState machine (ELK) and
 * gathers the Spark handlers each event runs in the example scenarios, into
 * `src/lib/statechart/charts.json`, which the page draws. `--check` only says whether the file is
 * up to date (a test does the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chartsFromExamples, CHARTS_FILE } from './statecharts-lib';

const check = process.argv.includes('--check');
const t0 = performance.now();
const text = await chartsFromExamples();
const ms = performance.now() - t0;
if (check) {
  const same = readFileSync(CHARTS_FILE, 'utf8') === text;
  console.log(same ? 'charts.json is up to date' : 'charts.json is out of date: run npm run statecharts');
  process.exit(same ? 0 : 1);
}
writeFileSync(CHARTS_FILE, text);
console.log(`wrote ${CHARTS_FILE} (${(text.length / 1024).toFixed(1)} KB) in ${ms.toFixed(0)} ms`);
