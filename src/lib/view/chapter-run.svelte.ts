/**
 * A chapter being read: which step, the answers given, and "try it yourself". It drives the
 * player (load the chapter's scenario, record it, put the cursor where each step is) and reads
 * the trace only through the player's world; the chapter's outcome is a function of that world.
 */
import { m } from '../paraglide/messages.js';
import type { Chapter, Step } from '../chapters/chapter';
import { captionKey } from '../chapters/chapter';
import { resolveChapter, type Resolved } from '../chapters/resolve';
import { checkTry, type TryOutcome } from '../chapters/try-it';
import { catalog } from '../scenario/catalog';
import { runLength } from '../scenario/load';
import { text } from '../i18n/text';
import type { Player } from './player.svelte';

export class ChapterRun {
  /** The step shown, from 0; `steps.length` is "try it yourself". */
  step = $state(0);
  /** The choice made at each question (from 1), or null. */
  answers = $state<(number | null)[]>([]);
  /** Where "try it yourself" began: the cursor, and how many faults had been injected. */
  private tryAt: { cursor: number; injections: number } | null = $state(null);

  private constructor(
    readonly chapter: Chapter,
    private readonly player: Player,
    readonly resolved: Resolved,
  ) {
    this.answers = chapter.steps.map(() => null);
  }

  /** Loads the chapter's scenario, records it whole and finds every step; throws if one is missing. */
  static async open(player: Player, chapter: Chapter, step = 0): Promise<ChapterRun> {
    await ChapterRun.record(player, chapter);
    const events = player.frame?.world.events;
    if (!events) throw new Error('Internal error: nothing loaded');
    const resolved = resolveChapter(chapter, events);
    if (resolved.missing.length > 0) {
      throw new Error(
        m.chapter_missing({ title: text(`ch_${chapter.key}_title`), steps: resolved.missing.join(', ') }),
      );
    }
    const run = new ChapterRun(chapter, player, resolved);
    await run.go(step);
    return run;
  }

  /** Loads the chapter's scenario afresh (no fault of the learner's) and records it whole. */
  private static async record(player: Player, chapter: Chapter): Promise<void> {
    const entry = catalog.find((c) => c.file === chapter.scenario);
    if (!entry) throw new Error(`Internal error: no scenario ${chapter.scenario}`);
    const scenario = await player.load(entry.doc, { file: entry.file });
    await player.extendRun(runLength(scenario));
  }

  get title(): string {
    return text(`ch_${this.chapter.key}_title`);
  }

  get total(): number {
    return this.chapter.steps.length;
  }

  get current(): Step | null {
    return this.chapter.steps[this.step] ?? null;
  }

  /** Whether the step shown asks a question still unanswered. */
  get asking(): boolean {
    const s = this.current;
    return !!s?.predict && this.answers[this.step] === null;
  }

  caption(part = ''): string {
    const s = this.current;
    return s ? text(captionKey(this.chapter, s, part)) : '';
  }

  /** Shows step `n` (clamped): the cursor where it stands, its node selected. */
  async go(n: number): Promise<void> {
    const k = Math.max(0, Math.min(this.total, Math.trunc(n)));
    this.step = k;
    if (k === this.total) {
      this.tryAt = null;
      await this.player.pause();
      this.player.emphasis = null;
      await this.player.seek(this.resolved.cursors[this.total - 1]);
      const now = this.player.frame?.time ?? 0;
      // Playback may go on past the scenario's end for as long as the outcome may take.
      this.player.reach = Math.max(this.player.reach, now + this.chapter.tryIt.withinMs + 10_000);
      this.tryAt = { cursor: this.player.frame?.cursor ?? 0, injections: this.injections() };
      return;
    }
    const s = this.chapter.steps[k];
    await this.player.pause();
    const answered = s.predict && this.answers[k] !== null;
    await this.player.seek(answered ? this.resolved.events[k] + 1 : this.resolved.cursors[k]);
    if (s.highlight?.node) this.player.selected = s.highlight.node;
    this.player.emphasis =
      s.highlight?.timer || s.highlight?.row ? { timer: s.highlight.timer, row: s.highlight.row } : null;
    this.pointAtMessage(k);
  }

  /**
   * The message a step is about (one delivered, or one that could not be sent) is marked in every
   * panel, as when the pointer rests on it: its dot on the map, its arrow, its row in the log.
   */
  private pointAtMessage(k: number): void {
    const e = this.player.frame?.world.events.at(this.resolved.events[k]);
    this.player.hoverMsg = e && (e.kind === 'deliver' || e.kind === 'send-failed') ? (e.id ?? null) : null;
  }

  next(): Promise<void> {
    if (this.asking) return Promise.resolve();
    return this.go(this.step + 1);
  }

  prev(): Promise<void> {
    return this.go(this.step - 1);
  }

  /** Answers the step's question: the event it asked about then happens. */
  async answer(choice: number): Promise<void> {
    const s = this.current;
    if (!s?.predict || this.answers[this.step] !== null) return;
    this.answers[this.step] = choice;
    await this.player.seek(this.resolved.events[this.step] + 1);
    this.pointAtMessage(this.step);
  }

  /** Whether the answer given at the step shown is right (null before answering). */
  get right(): boolean | null {
    const s = this.current;
    const a = this.answers[this.step];
    return s?.predict && a !== null && a !== undefined ? a === s.predict.answer : null;
  }

  private injections(): number {
    return this.player.runDoc()?.injections.length ?? 0;
  }

  /** How "try it yourself" stands, from the world on screen (null before it begins). */
  get outcome(): TryOutcome | null {
    const at = this.tryAt;
    const world = this.player.frame?.world;
    if (!at || !world || this.step !== this.total) return null;
    // A fault made in the recorded past (a fork) is looked for from where it was made.
    const made = this.player.runDoc()?.injections.slice(at.injections) ?? [];
    const from = Math.min(at.cursor, ...made.map((f) => f.index));
    return checkTry(this.chapter.tryIt, world.events, from, world.cursor, world.time);
  }

  /** Starts "try it yourself" again from the end of the chapter's own run. */
  async retry(): Promise<void> {
    // The same scenario and seed make the same trace: the steps found stay where they are.
    await ChapterRun.record(this.player, this.chapter);
    await this.go(this.total);
  }
}
