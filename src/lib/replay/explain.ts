/**
 * A difference between real logs and the model, and an assumption of the inferred scenario, in
 * the page's language (the command line's is English). Spark's words (log lines, config keys)
 * stay as Spark prints them.
 */
import { m } from '../paraglide/messages.js';
import type { Difference } from './compare';
import type { Assumption } from './scenario';
import type { LogReplay } from './replay';

const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export function differenceText(d: Difference): string {
  const at = secs(d.t);
  switch (d.kind) {
    case 'missing':
      return m.cmp_missing({ node: d.node, text: d.text, at });
    case 'extra':
      return m.cmp_extra({ node: d.node, text: d.text, at, where: `${d.file}:${d.line}` });
    case 'timing': {
      const p = {
        node: d.node,
        seen: secs(d.seenMs),
        low: secs(d.lowMs),
        high: secs(d.highMs),
        where: `${d.file}:${d.line}`,
      };
      switch (d.rule) {
        case 'retry-interval':
          return m.cmp_retry_interval(p);
        case 'prolonged-interval':
          return m.cmp_prolonged_interval(p);
        case 'worker-timeout':
          return m.cmp_worker_timeout(p);
        case 'recovery-timeout':
          return m.cmp_recovery_timeout(p);
      }
    }
  }
}

export function assumptionText(a: Assumption): string {
  const p = { node: a.node ?? '', value: a.value };
  switch (a.what) {
    case 'address':
      return m.assume_address(p);
    case 'cores':
      return m.assume_cores(p);
    case 'memory':
      return m.assume_memory(p);
    case 'app-memory':
      return m.assume_app_memory(p);
    case 'recovery-mode':
      return m.assume_recovery_mode(p);
    case 'app-before-logs':
      return m.assume_app_before_logs(p);
    case 'master-without-log':
      return m.assume_master_without_log(p);
    default:
      return `${a.what}: ${a.value}`;
  }
}

/** The unrecognized lines as a text file: `file:line: reason` then the line, one blank line between. */
export function unrecognizedText(r: Pick<LogReplay, 'unrecognized'>): string {
  return r.unrecognized.map((u) => `${u.file}:${u.line}: ${u.reason}\n${u.text}\n`).join('\n');
}
