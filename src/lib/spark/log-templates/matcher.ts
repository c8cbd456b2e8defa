/**
 * Recognition with the template table: a line's logger picks a bucket, the message's first word
 * picks a few anchored patterns in it, and the first that matches names the template. Patterns
 * shared by several templates (the same words at another level, or printed by both daemons) are
 * tried once and the template is chosen by level and by the daemon the caller expects.
 */
import { compileTemplate, fieldsOf, type DaemonKind, type Fields, type LogTemplate, type Variant } from './template';

interface Entry {
  readonly regex: RegExp;
  /** The whole text, when it has no placeholder: compared, not matched. */
  readonly literal: string | null;
  readonly variants: Variant[];
}

/** The fields of every line of a text without placeholders: shared, never written. */
const NO_FIELDS: Fields = Object.freeze({}) as Fields;

/** The patterns whose text starts with one word. */
interface WordGroup {
  readonly word: string;
  readonly entries: Entry[];
}

interface Bucket {
  /** Word groups by the first letter's code (below 128; others in 128), tried by `startsWith`. */
  readonly byChar: WordGroup[][];
  /** Patterns that start with a value, tried after the first-word ones. */
  readonly anyWord: Entry[];
  readonly byPattern: Map<string, Entry>;
}

export interface TemplateMatch {
  readonly variant: Variant;
  readonly fields: Fields;
}

function newBucket(): Bucket {
  return { byChar: Array.from({ length: 129 }, () => []), anyWord: [], byPattern: new Map() };
}

const charSlot = (c: number) => (c < 128 ? c : 128);

function add(bucket: Bucket, v: Variant): void {
  const known = bucket.byPattern.get(v.pattern);
  if (known) {
    known.variants.push(v);
    return;
  }
  const entry: Entry = { regex: v.regex, literal: v.names.length === 0 ? v.text : null, variants: [v] };
  bucket.byPattern.set(v.pattern, entry);
  if (v.firstWord === '') bucket.anyWord.push(entry);
  else {
    const groups = bucket.byChar[charSlot(v.firstWord.charCodeAt(0))];
    const group = groups.find((g) => g.word === v.firstWord);
    if (group) group.entries.push(entry);
    else groups.push({ word: v.firstWord, entries: [entry] });
  }
}

export class TemplateMatcher {
  private readonly loggers = new Map<string, Bucket>();
  private readonly everything = newBucket();
  readonly variants: readonly Variant[];

  constructor(templates: readonly LogTemplate[]) {
    const all: Variant[] = [];
    for (const t of templates) {
      for (const v of compileTemplate(t)) {
        all.push(v);
        for (const logger of [t.logger, ...(t.aliases ?? [])]) {
          let b = this.loggers.get(logger);
          if (!b) this.loggers.set(logger, (b = newBucket()));
          add(b, v);
        }
        add(this.everything, v);
      }
    }
    this.variants = all;
  }

  /** Whether the table has lines for this simple logger name. */
  knows(logger: string): boolean {
    return this.loggers.has(logger);
  }

  /**
   * The template a message of `logger` (simple class name) matches, or null. With an unknown
   * logger (`SparkMaster` in DSE's system.log), every template is a candidate and `prefer` says
   * which daemons to favour when several match.
   */
  match(logger: string, level: string, message: string, prefer?: (d: DaemonKind) => boolean): TemplateMatch | null {
    return find(this.loggers.get(logger) ?? this.everything, level, message, prefer);
  }
}

function find(
  bucket: Bucket,
  level: string,
  message: string,
  prefer: ((d: DaemonKind) => boolean) | undefined,
): TemplateMatch | null {
  const groups = bucket.byChar[charSlot(message.charCodeAt(0))];
  for (let g = 0; g < groups.length; g++) {
    const { word, entries } = groups[g];
    if (!startsWithWord(message, word)) continue;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.literal !== null) {
        if (e.literal === message) return pick(e, null, level, prefer);
        continue;
      }
      const m = e.regex.exec(message);
      if (m) return pick(e, m, level, prefer);
    }
  }
  const rest = bucket.anyWord;
  for (let i = 0; i < rest.length; i++) {
    const m = rest[i].regex.exec(message);
    if (m) return pick(rest[i], m, level, prefer);
  }
  return null;
}

/** Whether `message` starts with the word `word` (its first letter already matched), then ends or a space. */
function startsWithWord(message: string, word: string): boolean {
  const n = word.length;
  if (message.length > n && message.charCodeAt(n) !== 32) return false;
  if (message.length < n) return false;
  for (let k = n - 1; k > 0; k--) if (message.charCodeAt(k) !== word.charCodeAt(k)) return false;
  return true;
}

function pick(
  entry: Entry,
  m: RegExpExecArray | null,
  level: string,
  prefer: ((d: DaemonKind) => boolean) | undefined,
): TemplateMatch {
  let best = entry.variants[0];
  if (entry.variants.length > 1) {
    let bestScore = -1;
    for (const v of entry.variants) {
      const score = (v.template.level === level ? 2 : 0) + (prefer?.(v.template.daemon) ? 1 : 0);
      if (score > bestScore) {
        best = v;
        bestScore = score;
      }
    }
  }
  return { variant: best, fields: m === null ? NO_FIELDS : fieldsOf(best, m) };
}
