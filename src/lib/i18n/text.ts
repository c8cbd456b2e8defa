/**
 * A catalog message named at run time (a daemon kind's label, a table's column), with a fallback
 * for a name the catalog does not have: Spark's own words stay as they are.
 */
import { m } from '../paraglide/messages.js';

type Message = (params?: Record<string, unknown>) => string;

export function text(key: string, fallback = key, params?: Record<string, unknown>): string {
  const f = (m as unknown as Record<string, Message | undefined>)[key];
  return typeof f === 'function' ? f(params) : fallback;
}
