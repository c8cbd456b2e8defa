/**
 * The shared real Spark logs (`../shared/spark-logs` from the repository root), read where they
 * are: they are test data of the whole team and are never copied into the project.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LogInput } from '../../../src/lib/logs';

export const SHARED_LOGS = fileURLToPath(new URL('../../../../shared/spark-logs/', import.meta.url));

export function sharedLogNames(): string[] {
  return readdirSync(SHARED_LOGS)
    .filter((f) => f.endsWith('.log'))
    .sort();
}

/** The file whose name starts with `prefix` (`'02'`, `'11a'`), as a reader input. */
export function sharedLog(prefix: string): LogInput {
  const name = sharedLogNames().find((f) => f.startsWith(`${prefix}-`));
  if (!name) throw new Error(`no shared log ${prefix}-*`);
  return { name, text: readFileSync(`${SHARED_LOGS}${name}`, 'utf8') };
}
