/** One sentence per trace event, for the screen-reader live region and tooltips. */
import type { TraceEvent } from '../sim/types';

export function seconds(t: number): string {
  return `${(t / 1000).toFixed(3)} s`;
}

export function describe(e: TraceEvent): string {
  const at = `At ${seconds(e.t)}`;
  const states = e.fx.filter((f) => f.k === 'state' && f.node === e.node);
  const entered = states.length ? ` ${e.node} is now ${(states.at(-1) as { to: string }).to}.` : '';
  switch (e.kind) {
    case 'deliver':
      return `${at}, ${e.node} received ${e.msg} from ${e.from}.${entered}`;
    case 'drop':
      return `${at}, ${e.msg} from ${e.from} to ${e.node} was dropped: ${e.reason}.`;
    case 'timer':
      return `${at}, ${e.node}'s timer ${e.name} fired.${entered}`;
    case 'start':
      return `${at}, ${e.node} started.${entered}`;
    case 'fault':
      return `${at}, fault: ${e.fault?.action}${'target' in (e.fault ?? {}) ? ` ${e.node}` : ''}${e.reason ? ` (${e.reason})` : ''}.`;
    case 'ask-timeout':
      return `${at}, an ask of ${e.node} timed out.${entered}`;
    case 'disconnect':
      return `${at}, ${e.node} lost its connection to ${e.from}.${entered}`;
    case 'send-failed':
      return `${at}, ${e.node} could not send ${e.msg}: ${e.reason}.${entered}`;
    case 'resume':
      return `${at}, ${e.node} resumed (${e.reason}).`;
    default:
      return `${at}, ${e.kind} at ${e.node}.${entered}`;
  }
}
