/**
 * Reads several daemon logs as one cluster's story: each file line by line (`read-file.ts`), then
 * what needs all of them: the date of a file that prints none, the daemons, the version, the
 * clocks' offsets from cause-and-effect pairs, and one merged sequence of events. Pure: texts in,
 * a `ParsedLog` out (it runs in a Web Worker as well as in Node).
 */
import { formatRange, intersect, type VersionRange } from '../spark/log-templates';
import { identifyDaemons } from './daemons';
import { mergeEvents, type MergeInput } from './merge';
import { readFile, type FileRead } from './read-file';
import { describePairs, estimateOffsets, findPairs } from './skew';
import { DAY_MS, formatTime, idDate } from './timestamp';
import type { DaemonInfo, FileFlag, FileInfo, LogEvent, LogInput, ParsedLog, VersionInfo } from './types';

/** Gives a file that prints no date (DSE) the day of an id it mentions, or of another file. */
function inferDate(f: FileRead, reads: readonly FileRead[]): void {
  if (!f.flags.has('no-date')) return;
  let base: number | null = null;
  for (const e of f.events) {
    const found = idDate(e.text);
    if (!found) continue;
    // An id is minted on the day of the line that names it, before it (or late the day before).
    const lineDay = Math.floor(e.time / DAY_MS) * DAY_MS;
    base = found.day - lineDay + (found.timeOfDay > (e.time % DAY_MS) + DAY_MS / 2 ? DAY_MS : 0);
    f.notes.push(`no date in the file: the day of ${found.id} (line ${e.line}), ${formatTime(found.day).slice(0, 10)}`);
    break;
  }
  if (base === null) {
    const dated = reads.find((o) => o !== f && !o.flags.has('no-date') && o.events.length > 0);
    if (dated) {
      base = Math.floor(dated.events[0].time / DAY_MS) * DAY_MS;
      f.notes.push(`no date in the file: assumed the first day of ${dated.name}, ${formatTime(base).slice(0, 10)}`);
    } else {
      f.notes.push('no date in the file and none to borrow: times are shown on 1970-01-01');
      return;
    }
  }
  f.flags.add('date-inferred');
  for (const e of f.events) e.time += base;
  for (const u of f.unrecognized) if (u.time !== undefined) u.time += base;
  f.firstTime += base;
  f.lastTime += base;
}

function versionOf(reads: readonly FileRead[]): VersionInfo {
  const exact = reads.filter((f) => f.exactVersion !== null);
  if (exact.length > 0) {
    const first = exact[0].exactVersion!;
    const others = exact.filter((f) => f.exactVersion!.version !== first.version);
    return {
      spark: first.version,
      detectedFrom:
        `"Running Spark version ${first.version}" (${exact[0].name} line ${first.line})` +
        others.map((f) => `; but ${f.name} line ${f.exactVersion!.line} says ${f.exactVersion!.version}`).join(''),
    };
  }
  let range: VersionRange = {};
  const from: string[] = [];
  for (const f of reads) {
    for (const [r, why] of evidenceOf(f)) {
      const narrowed = intersect(range, r);
      if (narrowed) {
        range = narrowed;
        from.push(`${f.name} ${why}`);
      } else from.push(`${f.name} ${why} (contradicts the rest, ignored)`);
    }
  }
  if (from.length === 0) return { spark: null, detectedFrom: 'no line names or narrows down the version' };
  return { spark: null, detectedFrom: `${formatRange(range)} from the wording: ${from.join('; ')}`, range };
}

/** A file's version evidence: its wordings, its log4j banner, JSON lines. */
function evidenceOf(f: FileRead): [VersionRange, string][] {
  const out: [VersionRange, string][] = [];
  if (f.evidence.from !== undefined || f.evidence.before !== undefined) {
    out.push([f.evidence, f.evidenceFrom.join(', ')]);
  }
  if (f.log4j === 'log4j2') out.push([{ from: '3.3' }, 'log4j2 default profile (≥3.3)']);
  if (f.log4j === 'log4j1') out.push([{ before: '3.3' }, 'log4j 1 default profile (<3.3)']);
  if (f.layout === 'json-lines') out.push([{ from: '4.0' }, 'JSON structured logging (≥4.0)']);
  return out;
}

function fileVersion(f: FileRead): VersionInfo {
  if (f.exactVersion) {
    return {
      spark: f.exactVersion.version,
      detectedFrom: `"Running Spark version ${f.exactVersion.version}" (line ${f.exactVersion.line})`,
    };
  }
  return versionOf([f]);
}

/**
 * Reads and merges the files. `progress`, if given, hears the share of the text read after each
 * file (reading is most of the work, up to 0.9), then 0.95 once they are merged.
 */
export function parseLogs(inputs: readonly LogInput[], progress?: (share: number) => void): ParsedLog {
  const total = Math.max(
    1,
    inputs.reduce((n, f) => n + f.text.length, 0),
  );
  let read = 0;
  const reads = inputs.map((input, i) => {
    const f = readFile(input.name, i, input.text);
    read += input.text.length;
    progress?.((0.9 * read) / total);
    return f;
  });
  for (const f of reads) inferDate(f, reads);
  const daemons = identifyDaemons(reads);
  const pairs = findPairs(reads, daemons);
  const printedPairs = describePairs(reads, pairs);
  const offsets = estimateOffsets(reads, daemons, pairs);

  const merging: MergeInput[] = [];
  const files: FileInfo[] = [];
  for (const f of reads) {
    const offset = offsets.offsetMs[f.index];
    const ds = daemons[f.index];
    const ids = ds.map((d) => d.id);
    if (offset !== 0) for (const e of f.events) e.time += offset;
    f.unrecognized.forEach((u, i) => {
      if (u.time === undefined) return;
      u.time += offset;
      u.daemon = ids[f.unrecognizedStreams[i]];
    });
    merging.push({ events: f.events, streams: f.eventStreams, ids, inOrder: f.inOrder });
    const flags = new Set<FileFlag>([...f.flags, ...offsets.flags[f.index]]);
    if (ds.some((d) => d.mixed)) flags.add('both-daemons-in-one-stream');
    const main = ds.find((d) => d.kind !== 'unknown' && d.host !== null) ?? ds.find((d) => d.kind !== 'unknown');
    files.push({
      name: f.name,
      layout: f.layout,
      log4j: f.log4j,
      daemons: ids,
      kinds: [...new Set(ds.map((d) => d.kind))],
      hostPort: main?.host != null ? `${main.host}:${main.port}` : null,
      firstTime: Number.isNaN(f.firstTime) ? null : f.firstTime + offset,
      lastTime: Number.isNaN(f.lastTime) ? null : f.lastTime + offset,
      offsetMs: offset,
      flags: [...flags],
      notes: [...f.notes, ...offsets.notes[f.index]],
      version: fileVersion(f),
      stats: {
        lines: f.lines,
        events: f.events.length,
        continuation: f.continuation,
        unrecognized: f.unrecognized.length,
        other: f.other.length,
        daemonLines: f.daemonLines,
        recognizedDaemonLines: f.recognizedDaemonLines,
      },
    });
  }

  const causeOf = new Map<LogEvent, LogEvent>(pairs.map((p) => [p.effect, p.cause]));
  const daemonList: DaemonInfo[] = daemons.flat().map((d) => ({
    id: d.id,
    kind: d.kind,
    host: d.host,
    port: d.port,
    file: d.file,
    stream: d.stream,
    offsetMs: offsets.offsetMs[d.fileIndex],
  }));
  const events = mergeEvents(merging, causeOf);
  progress?.(0.95);
  return {
    version: versionOf(reads),
    files,
    daemons: daemonList,
    events,
    unrecognized: reads.flatMap((f) => f.unrecognized),
    other: reads.flatMap((f) => f.other),
    pairs: printedPairs,
  };
}
