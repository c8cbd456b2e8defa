/**
 * A chapter: a narrated walk through a deterministic scenario. Its steps are captions anchored to
 * moments of the trace by what happens there (a message handled, a state entered, a log line), not
 * by event index, so a change to the model cannot silently misplace a caption: an anchor that is
 * not found is an error (`resolveChapter`).
 *
 * Captions, questions and answers are catalog messages named after the chapter and step
 * (`ch_<key>_<step>`, see `captionKey`), in every language; this file holds only their structure.
 */
import type { NodeId, SourceRef } from '../sim/types';

/** What happens at an anchor. */
export type AnchorWhat =
  /** A message of this type handled by `to` (sent by `from`). */
  | { deliver: string; to?: NodeId; from?: NodeId }
  /** A message of this type that could not be sent (`send-failed`) by `node`. */
  | { sendFailed: string; node?: NodeId }
  /** A timer of this name firing at `node`. */
  | { timer: string; node?: NodeId }
  /** A state entered at `node` (a prefix names its substates too: `Registering`). */
  | { state: string; node?: NodeId }
  /** A log line printed by `node` that contains this text, or matches this pattern. */
  | { log: string | RegExp; node?: NodeId }
  /** A fault of the scenario or the learner (`kill`, `restart`, `partition`…), on `target`. */
  | { fault: string; target?: NodeId }
  /** A daemon started. */
  | { start: NodeId };

export type Anchor = AnchorWhat & {
  /** The n-th such moment after the previous step's (default 1). */
  nth?: number;
  /** Stop just before it happens (to ask what will happen), not just after (default). */
  before?: boolean;
};

/**
 * What a step points at on screen: a node (selected, its inspector open), one of its timers by
 * name, or a row of one of its tables (by the table's key and part of the row's id). A step
 * anchored on a message marks that message too.
 */
export interface Highlight {
  node?: NodeId;
  timer?: string;
  row?: { table: string; id: string };
}

export interface Predict {
  /** How many choices (`ch_<key>_<step>_c1`…); one is right. */
  choices: number;
  /** The right one, from 1. */
  answer: number;
}

export interface Step {
  /** Names the step's messages: `ch_<chapter key>_<id>` is its caption. */
  id: string;
  anchor: Anchor;
  highlight?: Highlight;
  /** The Spark method the step shows. */
  source?: SourceRef;
  /**
   * Asked before the anchored event (which must then be `before`): the question is
   * `ch_<key>_<id>_q` and the choices `_c1`…; the step's caption, shown once answered, gives the
   * reason in Spark's code.
   */
  predict?: Predict;
}

/**
 * The chapter's last act: the learner does something (`ch_<key>_try`) and the chapter checks the
 * outcome (`ch_<key>_try_ok` says what happened). Passed when `expect` happens after the learner's `fault`; failed when another fault was
 * made first, or when `withinMs` of virtual time passed after it without the outcome.
 */
export interface TryIt {
  fault: { action: string; target?: NodeId };
  expect: AnchorWhat;
  withinMs: number;
}

export interface Chapter {
  /** In the address (`?chapter=heartbeats`). */
  id: string;
  /** In message keys (`ch_heartbeats_…`): letters, digits and `_`. */
  key: string;
  /** The scenario it walks through (a file of `scenarios/`), at its own seed. */
  scenario: string;
  steps: Step[];
  tryIt: TryIt;
}

export function captionKey(c: Chapter, step: Step, part = ''): string {
  return `ch_${c.key}_${step.id}${part}`;
}

/** Every catalog message the chapter shows: title, captions, questions and choices, try-it. */
export function chapterMessageKeys(c: Chapter): string[] {
  const keys = [`ch_${c.key}_title`, `ch_${c.key}_try`, `ch_${c.key}_try_ok`];
  for (const step of c.steps) {
    keys.push(captionKey(c, step));
    if (step.predict) {
      keys.push(captionKey(c, step, '_q'));
      for (let i = 1; i <= step.predict.choices; i++) keys.push(captionKey(c, step, `_c${i}`));
    }
  }
  return keys;
}
