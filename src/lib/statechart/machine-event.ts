/**
 * The machine event a trace event is, by the name a statechart's arrow carries: a message's type,
 * a timer's name, or the kernel notice (`Disconnected`, `SendFailed`, `AskFailed`, `Start`).
 */
import type { TraceEvent } from '../sim/types';

const NOTICES: Partial<Record<TraceEvent['kind'], string>> = {
  start: 'Start',
  disconnect: 'Disconnected',
  'send-failed': 'SendFailed',
  'ask-timeout': 'AskFailed',
};

export function machineEventOf(e: TraceEvent): string | null {
  if (e.kind === 'deliver') return e.msg ?? null;
  if (e.kind === 'timer') return e.name ?? null;
  return NOTICES[e.kind] ?? null;
}
