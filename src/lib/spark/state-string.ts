/** How a machine's state value reads in the trace and the UI (no XState needed to read it). */

/** `{ RECOVERING: 'waiting' }` → `RECOVERING.waiting`. */
export function stateString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [k, v] = Object.entries(value as Record<string, unknown>)[0] ?? ['', ''];
    const rest = stateString(v);
    return rest ? `${k}.${rest}` : k;
  }
  return '';
}
