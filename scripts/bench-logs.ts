/**
 * Log reader throughput: `npx tsx scripts/bench-logs.ts [MB]` (default 100).
 *
 * Repeats every shared real log (`../shared/spark-logs`) until the whole is about MB megabytes,
 * as one file per log (a cluster's logs read together) and as one file of them all, and prints
 * for each run the throughput in MB/s and the heap kept per parsed line (the result retained,
 * the input texts excluded). Target: ≥ 50 MB/s.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pathToFileURL } from 'node:url';
import { parseLogs, type LogInput, type ParsedLog } from '../src/lib/logs';

const TARGET_MB_S = 50;
const DIR = new URL('../../shared/spark-logs/', import.meta.url);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const speeds: number[] = [];

export interface ParseFigure {
  mbS: number;
  heapPerLine: number;
}

function measure(label: string, inputs: LogInput[], quiet = false): ParseFigure {
  const bytes = inputs.reduce((n, i) => n + Buffer.byteLength(i.text), 0);
  const lines = inputs.reduce((n, i) => n + i.text.split('\n').length - 1, 0);
  const before = heapAfterGc();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let result: ParsedLog | null = parseLogs(inputs);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const kept = heapAfterGc() - before;
  const mbS = bytes / 1e6 / (ms / 1000);
  speeds.push(mbS);
  const figure = { mbS, heapPerLine: kept / lines };
  if (quiet) return figure;
  process.stdout.write(
    `${label.padEnd(34)} ${(bytes / 1e6).toFixed(1)} MB, ${lines.toLocaleString('en')} lines, ` +
      `${result.events.length.toLocaleString('en')} events: ${ms.toFixed(0)} ms = ${mbS.toFixed(1)} MB/s ` +
      `(target ≥ ${TARGET_MB_S}) ${mbS >= TARGET_MB_S ? 'ok' : 'BELOW'}; CPU ${cpuMs.toFixed(0)} ms (all threads); ` +
      `${(kept / lines).toFixed(0)} B of heap per line\n`,
  );
  result = null;
  return figure;
}

/** Every shared log, each repeated to make about `mb` megabytes in all: one input a log, and one of them all. */
export function sharedLogsRepeated(mb: number): { perLog: LogInput[]; all: LogInput[]; times: number; count: number } {
  const logs = readdirSync(DIR)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((name) => ({ name, text: readFileSync(new URL(name, DIR), 'utf8') }));
  const total = logs.reduce((n, l) => n + Buffer.byteLength(l.text), 0);
  const times = Math.ceil((mb * 1e6) / total);
  const ending = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);
  // Made flat, as a text read from a file is (`repeat` builds a tree of concatenations).
  const flat = (t: string) => Buffer.from(t).toString();
  const perLog = logs.map((l) => ({ name: l.name, text: flat(ending(l.text).repeat(times)) }));
  const all = [
    {
      name: 'all.log',
      text: flat(
        logs
          .map((l) => ending(l.text))
          .join('')
          .repeat(times),
      ),
    },
  ];
  return { perLog, all, times, count: logs.length };
}

/** Parse throughput (best and median of 3 runs over the logs read together) and heap per line. */
export function parseFigures(mb: number): { best: number; median: number; heapPerLine: number } {
  const { perLog } = sharedLogsRepeated(mb);
  const runs = [1, 2, 3].map(() => measure('', perLog, true));
  const sorted = runs.map((r) => r.mbS).sort((a, b) => a - b);
  return { best: sorted[2], median: sorted[1], heapPerLine: runs[2].heapPerLine };
}

function main(): void {
  const mb = Number(process.argv[2] ?? 100);
  const { perLog, all, times, count } = sharedLogsRepeated(mb);
  process.stdout.write(`${count} shared logs repeated ${times} times\n`);
  const load = loadavg()[0];
  for (let run = 1; run <= 3; run++) {
    measure(`run ${run}: ${perLog.length} files read together`, perLog);
    measure(`run ${run}: one file of them all`, all);
  }
  const sorted = [...speeds].sort((a, b) => a - b);
  process.stdout.write(
    `best ${sorted[sorted.length - 1].toFixed(1)} MB/s, median ${sorted[sorted.length >> 1].toFixed(1)} MB/s ` +
      `(target ≥ ${TARGET_MB_S}); load average ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)} ` +
      `on ${availableParallelism()} CPUs (wall-clock figures drop when the machine is shared)\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
