/**
 * What a file someone opens or drops is, told by its content (never by its name): a run file, a
 * scenario, or text that may be a Spark log. Too big a file is refused before it is read whole.
 */
import { jsonError } from '../scenario/problems';
import { parseRun, type RunParse } from './run-file';

/** The largest JSON document opened (a run file with its events, a scenario). */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

export type Opened =
  | { kind: 'run'; run: Exclude<RunParse, { ok: false }> }
  | { kind: 'scenario'; doc: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'bad'; error: string };

/** Strips a UTF-8 byte order mark (editors on Windows write one). */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function classify(raw: string): Opened {
  const text = withoutBom(raw);
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return { kind: 'text', text };
  if (text.length > MAX_JSON_BYTES)
    return {
      kind: 'bad',
      error: `the file is ${(text.length / 1048576).toFixed(0)} MB; JSON documents up to ${MAX_JSON_BYTES / 1048576} MB are opened`,
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: 'bad', error: jsonError(text, err) };
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'format' in json) {
    const run = parseRun(json);
    if (!run.ok)
      return {
        kind: 'bad',
        error: run.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n'),
      };
    return { kind: 'run', run };
  }
  return { kind: 'scenario', doc: json };
}
