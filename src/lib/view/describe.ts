/**
 * One sentence per trace event, in the page's language, for the live region (screen readers and
 * the narration line) and tooltips. Spark's words (messages, states, handlers) stay Spark's.
 */
import { m } from '../paraglide/messages.js';
import type { TraceEvent } from '../sim/types';
import type { World } from '../world/world';

export function seconds(t: number): string {
  return `${(t / 1000).toFixed(3)} s`;
}

/** The state its node entered during `e`, if it did. */
function entered(e: TraceEvent): string {
  const states = e.fx.filter((f) => f.k === 'state' && f.node === e.node);
  const last = states.at(-1);
  return last && last.k === 'state' ? ` ${m.narr_state({ node: e.node, state: last.to })}` : '';
}

/** What Spark handler ran, if one did. */
function handled(e: TraceEvent): string {
  const h = e.fx.find((f) => f.k === 'handler' && f.node === e.node);
  if (!h || h.k !== 'handler') return '';
  const where = `${h.ref.file.slice(h.ref.file.lastIndexOf('/') + 1)} ${h.ref.method}${h.ref.case ? ` (${h.ref.case})` : ''}`;
  return ` ${m.narr_handler({ handler: where })}`;
}

export function describe(e: TraceEvent, world?: World): string {
  const at = seconds(e.t);
  switch (e.kind) {
    case 'deliver': {
      const flight = e.id !== undefined ? world?.flight(e.id) : undefined;
      if (flight?.mode === 'reply' && flight.re) {
        return (
          m.narr_reply({
            at,
            node: e.node,
            answer: flight.value ?? e.msg ?? '',
            question: flight.re,
            from: e.from ?? '',
          }) +
          handled(e) +
          entered(e)
        );
      }
      return m.narr_deliver({ at, node: e.node, msg: e.msg ?? '', from: e.from ?? '' }) + handled(e) + entered(e);
    }
    case 'drop':
      return m.narr_drop({ at, msg: e.msg ?? '', from: e.from ?? '', node: e.node, reason: e.reason ?? '' });
    case 'timer':
      return m.narr_timer({ at, node: e.node, timer: e.name ?? '' }) + handled(e) + entered(e);
    case 'start':
      return e.reason
        ? m.narr_start_failed({ at, node: e.node, reason: e.reason })
        : m.narr_start({ at, node: e.node }) + entered(e);
    case 'fault':
      return e.reason
        ? m.narr_fault_nothing({ at, action: e.fault?.action ?? '', node: e.node, reason: e.reason })
        : m.narr_fault({ at, action: e.fault?.action ?? '', node: e.node }) + entered(e);
    case 'ask-timeout':
      return m.narr_ask_timeout({ at, node: e.node }) + handled(e) + entered(e);
    case 'disconnect':
      return m.narr_disconnect({ at, node: e.node, peer: e.from ?? '' }) + handled(e) + entered(e);
    case 'send-failed':
      return (
        m.narr_send_failed({ at, node: e.node, msg: e.msg ?? '', reason: e.reason ?? '' }) + handled(e) + entered(e)
      );
    case 'resume':
      return m.narr_resume({ at, node: e.node });
    case 'line':
      return m.narr_line({ at, node: e.node, text: logOf(e) }) + entered(e);
  }
}

/** The text of the line a replayed log's event holds. */
function logOf(e: TraceEvent): string {
  const f = e.fx.find((x) => x.k === 'log');
  return f && f.k === 'log' ? f.text : '';
}

/** A short label for an event in the log's last column (Spark's names, and a reply's question). */
export function eventLabel(e: TraceEvent, world?: World): string {
  if (e.kind === 'deliver') {
    const flight = e.id !== undefined ? world?.flight(e.id) : undefined;
    if (flight?.mode === 'reply' && flight.re)
      return m.log_reply({ answer: flight.value ?? e.msg ?? '', question: flight.re, from: e.from ?? '' });
    // A replayed line that shows a message keeps its text beside it.
    return e.source ? `${e.msg} ← ${e.from} · ${logOf(e)}` : `${e.msg} ← ${e.from}`;
  }
  if (e.kind === 'drop') return `${e.msg} ← ${e.from} ✕ ${e.reason ?? ''}`;
  if (e.kind === 'timer') return e.name ?? '';
  if (e.kind === 'fault') return `${e.fault?.action ?? ''}${e.reason ? ` (${e.reason})` : ''}`;
  if (e.kind === 'send-failed') return `${e.msg ?? ''}: ${e.reason ?? ''}`;
  if (e.kind === 'line') return logOf(e);
  return e.reason ?? '';
}
