/**
 * The log reader: Spark Master and Worker logs of any layout and version (1.1 to 4.x) as events
 * named by the shared template table, merged on time across files. Pure, for Node and Web Workers.
 */
export { parseLogs } from './parse';
export { formatTime } from './timestamp';
export type * from './types';
