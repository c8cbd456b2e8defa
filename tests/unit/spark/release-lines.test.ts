/**
 * For each release line, the Spark log lines every example scenario prints, in order (issue 19,
 * Tests): kept beside this file in `release-lines/<release>/<example>.txt`, one line a log line as
 * `npm run simulate -- --format log` prints it. A change to what any daemon prints, or when, in any
 * release, fails here; read the diff, then `npx vitest run tests/unit/spark/release-lines.test.ts -u`
 * to keep it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { cluster, inRelease } from './harness';
import { SPARK_LINES } from '../../../src/lib/spark/config';
import { formatLogLine } from '../../../src/lib/spark/log-format';

const examples = readdirSync('scenarios')
  .filter((f) => f.endsWith('.json'))
  .sort();

describe.each(SPARK_LINES)('spark.version %s: every example’s lines, in order', (line) => {
  it.each(examples)('%s', async (file) => {
    const doc = JSON.parse(readFileSync(`scenarios/${file}`, 'utf8'));
    const c = cluster(inRelease(doc, line));
    const text = c.logs.map((l) => formatLogLine(l.t, { k: 'log', ...l })).join('\n');
    expect(c.logs.length).toBeGreaterThan(5);
    await expect(`${text}\n`).toMatchFileSnapshot(`release-lines/${line}/${file.replace(/\.json$/, '.txt')}`);
  });
});
