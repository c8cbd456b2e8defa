/**
 * zod's findings as plain sentences, each with the path of what it is about
 * (`workers[1].cores: must be at least 1, got 0`): how every entry point reports bad input.
 */
import type { ZodError } from 'zod';
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
  const names: Record<string, string> = {
    number: 'a number',
    int: 'a whole number',
    string: 'a string',
    boolean: 'true or false',
    object: 'an object',
    array: 'an array',
  };
  return names[type] ?? type;
}

/** `a, b or c`. */
export function oneOf(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
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
    'faults',
    'network',
  ],
  masters: ['host', 'port', 'at'],
  workers: ['host', 'port', 'cores', 'memory', 'masters', 'at', 'count', 'failExecutors'],
  apps: ['at', 'name', 'maxCores', 'coresPerExecutor', 'memoryPerExecutor', 'duration', 'host'],
  drivers: ['at', 'cores', 'memory', 'supervise', 'mainClass', 'duration', 'exitCode'],
  faults: ['at', 'action', 'target', 'duration', 'groups', 'name', 'from', 'to', 'count', 'extra'],
  network: ['latency', 'loss'],
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
          ? `is required (expected ${article(issue.expected)})`
          : `expected ${article(issue.expected)}, got ${describeValue(value)}`;
        break;
      case 'too_small':
        message =
          issue.origin === 'array'
            ? `needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`
            : issue.origin === 'string'
              ? 'must not be empty'
              : `must be at least ${issue.minimum}, got ${describeValue(value)}`;
        break;
      case 'too_big':
        message = `must be at most ${issue.maximum}, got ${describeValue(value)}`;
        break;
      case 'unrecognized_keys': {
        const section = String(issue.path.find((p) => typeof p === 'string') ?? '');
        const known = FIELDS[issue.path.length === 0 ? '' : section] ?? [];
        message = issue.keys
          .map((k) => {
            const near = closest(k, known);
            return `unknown field "${k}"${near ? ` (did you mean "${near}"?)` : ''}`;
          })
          .join('; ');
        break;
      }
      case 'invalid_value':
        message = missing
          ? `is required (expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')})`
          : `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}`;
        break;
      case 'invalid_union':
        if (missing) {
          message = 'is required';
        } else if (issue.path.at(-1) === 'action' || (value && typeof value === 'object' && 'action' in value)) {
          const action = issue.path.at(-1) === 'action' ? value : (value as { action?: unknown }).action;
          message = `unknown action ${describeValue(action)}; expected ${oneOf(FAULT_ACTIONS)}`;
        } else if (issue.path.at(-1) === 'latency') {
          message = `expected a duration, {"min": …, "max": …} or {"dist": "exponential", "min": …, "mean": …}, got ${describeValue(value)}`;
        } else {
          message = `is not valid: got ${describeValue(value)}`;
        }
        break;
      case 'invalid_format':
        message = `${issue.message}, got ${describeValue(value)}`;
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
    return `not valid JSON at line ${line}, column ${column}: ${msg.replace(/ in JSON at position \d+.*$/, '')}`;
  }
  return `not valid JSON: ${msg}`;
}
