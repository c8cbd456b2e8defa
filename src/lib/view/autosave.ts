/**
 * The run kept across reloads: after each change (a moment later, once changes stop) the run's
 * document is written to the browser's storage, and a page opened without a run in its address
 * starts from it. Storage may be off or full: then nothing is kept, and nothing breaks.
 */
import type { RunDoc } from '../run/run-doc';

const KEY = 'spark-visualizer:run';
const WAIT_MS = 400;

export interface Saved {
  doc: RunDoc;
  /** The catalog file, for a shipped scenario. */
  file: string | null;
}

let timer: ReturnType<typeof setTimeout> | null = null;

/** Keeps `saved` once changes stop for a moment. */
export function autosave(saved: () => Saved | null): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    const s = saved();
    if (!s) return;
    try {
      localStorage.setItem(KEY, JSON.stringify(s));
    } catch {
      // Storage is off or full: the run is not kept.
    }
  }, WAIT_MS);
}

export function restore(): Saved | null {
  try {
    const text = localStorage.getItem(KEY);
    if (!text) return null;
    const s = JSON.parse(text) as Saved;
    return s && typeof s === 'object' && s.doc && typeof s.doc === 'object' ? s : null;
  } catch {
    return null;
  }
}

export function forget(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing kept, nothing to forget
  }
}
