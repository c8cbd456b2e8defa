/**
 * zod's findings as plain sentences, each with the path of what it is about
 * (`workers[1].cores: must be at least 1, got 0`): how every entry point reports bad input. The
 * sentences come from the message catalog, in the page's language (English on the command line);
 * paths and values stay as written.
 */
import type { ZodError } from 'zod';
import { m } from '../paraglide/messages.js';
import { closest, FAULT_ACTIONS } from './schema';

export interface Problem {
  /** Where, e.g. `workers[1].cores` (empty for the document itself). */
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

function article(type: string): string {
  const names: Record<string, () => string> = {
    number: m.problem_type_number,
    int: m.problem_type_int,
    string: m.problem_type_string,
    boolean: m.problem_type_boolean,
    object: m.problem_type_object,
    array: m.problem_type_array,
  };
  return names[type]?.() ?? type;
}

/** `a or b or c` (zod's list of allowed values). */
function orList(words: readonly string[]): string {
  return words.reduce((acc, w) => (acc === '' ? w : m.problem_or({ a: acc, b: w })), '');
}

/** `a, b or c`. */
export function oneOf(words: readonly string[]): string {
  return words.length < 2
    ? words.join('')
    : m.problem_or({ a: words.slice(0, -1).join(', '), b: words[words.length - 1] });
}

export function describeValue(v: unknown): string {
  if (v === undefined) return m.problem_value_nothing();
  if (v === null) return 'null';
  if (Array.isArray(v)) return m.problem_type_array();
  if (typeof v === 'object') return m.problem_type_object();
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}

const FIELDS: Record<string, readonly string[]> = {
  '': [
    'version',
    'name',
    'description',
    'seed',
    'until',
    'config',
    'masters',
    'workers',
    'apps',
    'drivers',
    'requests',
    'faults',
    'network',
  ],
  masters: ['host', 'port', 'at', 'aliases'],
  workers: ['host', 'port', 'cores', 'memory', 'masters', 'at', 'count', 'failExecutors', 'resources'],
  apps: [
    'at',
    'name',
    'maxCores',
    'coresPerExecutor',
    'memoryPerExecutor',
    'duration',
    'host',
    'initialExecutorLimit',
    'executorDuration',
    'executorExitCode',
    'requests',
    'executorResources',
    'resourceProfiles',
  ],
  resourceProfiles: ['executorCores', 'executorMemory', 'resources'],
  drivers: [
    'at',
    'cores',
    'memory',
    'supervise',
    'mainClass',
    'duration',
    'exitCode',
    'runs',
    'failToStart',
    'resources',
  ],
  faults: ['at', 'action', 'target', 'duration', 'groups', 'name', 'from', 'to', 'count', 'extra'],
  network: ['latency', 'loss'],
  latency: ['dist', 'ms', 'min', 'max', 'mean'],
};

/** Turns zod's issues into one plain sentence each, with the path. */
export function problemsOf(error: ZodError, input: unknown): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const path = pathText(issue.path);
    const value = issue.path.reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as string] : undefined),
      input,
    );
    let message = issue.message;
    const missing = value === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom';
    switch (issue.code) {
      case 'invalid_type':
        message = missing
          ? m.problem_required_expected({ what: article(issue.expected) })
          : m.problem_expected_got({ what: article(issue.expected), got: describeValue(value) });
        break;
      case 'too_small':
        message =
          issue.origin === 'array'
            ? Number(issue.minimum) === 1
              ? m.problem_min_items_one()
              : m.problem_min_items({ n: String(issue.minimum) })
            : issue.origin === 'string'
              ? m.problem_not_empty()
              : m.problem_at_least({ min: String(issue.minimum), got: describeValue(value) });
        break;
      case 'too_big':
        message =
          issue.origin === 'array'
            ? m.problem_max_items({ n: String(issue.maximum), got: String((value as unknown[]).length) })
            : issue.origin === 'string'
              ? m.problem_max_chars({ n: String(issue.maximum), got: String((value as string).length) })
              : m.problem_at_most({ max: String(issue.maximum), got: describeValue(value) });
        break;
      case 'invalid_key':
        // A record's key (a resource's name): what the key's own schema says.
        message = issue.issues[0]?.message ?? message;
        break;
      case 'unrecognized_keys': {
        // The innermost named section: `apps[0].resourceProfiles[0]` is a resource profile.
        const section = String(issue.path.findLast((p) => typeof p === 'string') ?? '');
        const known = FIELDS[issue.path.length === 0 ? '' : section] ?? [];
        message = issue.keys
          .map((k) => {
            const near = closest(k, known);
            return near ? m.problem_unknown_field_near({ key: k, near }) : m.problem_unknown_field({ key: k });
          })
          .join('; ');
        break;
      }
      case 'invalid_value':
        message = missing
          ? m.problem_required_expected({ what: orList(issue.values.map((v) => JSON.stringify(v))) })
          : m.problem_expected_got({
              what: orList(issue.values.map((v) => JSON.stringify(v))),
              got: describeValue(value),
            });
        break;
      case 'invalid_union':
        if (missing) {
          message = m.problem_required();
        } else if (issue.path.at(-1) === 'action' || (value && typeof value === 'object' && 'action' in value)) {
          const action = issue.path.at(-1) === 'action' ? value : (value as { action?: unknown }).action;
          message = m.problem_unknown_action({ got: describeValue(action), actions: oneOf(FAULT_ACTIONS) });
        } else if (issue.path.at(-1) === 'latency') {
          message = m.problem_latency({
            a: '{"min": …, "max": …}',
            b: '{"dist": "exponential", "min": …, "mean": …}',
            got: describeValue(value),
          });
        } else {
          message = m.problem_not_valid({ got: describeValue(value) });
        }
        break;
      case 'invalid_format':
        message = m.problem_format_got({ what: issue.message, got: describeValue(value) });
        break;
    }
    out.push({ path, message });
  }
  return out;
}

/** Where JSON text is broken, as a line and a column. */
export function jsonError(text: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const pos = /position (\d+)/.exec(msg);
  if (pos) {
    const at = Number(pos[1]);
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return m.problem_json_at({ line, column, detail: msg.replace(/ in JSON at position \d+.*$/, '') });
  }
  return m.problem_json({ detail: msg });
}
