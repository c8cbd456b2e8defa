/**
 * The two catalogs say the same things (every key in both, with the same parameters), and no
 * component writes a user-visible word of its own: text between tags and the text of `title`,
 * `aria-label`, `placeholder` and `alt` come from the catalog (or are symbols such as ✕ and →).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleKey } from '../../../src/lib/view/example-text';

/** A message: its text, or (counted things in English) variants chosen by a plural of an input. */
type Message = string | { declarations: string[]; match: Record<string, string> }[];
/** Each message's inputs, and the texts a reader may see of it. */
const load = (lang: string) => {
  const d = JSON.parse(readFileSync(`messages/${lang}.json`, 'utf8')) as Record<string, Message>;
  delete d.$schema;
  const out: Record<string, { inputs: string[]; texts: string[] }> = {};
  for (const [k, v] of Object.entries(d)) {
    out[k] =
      typeof v === 'string'
        ? { inputs: [...v.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort(), texts: [v] }
        : {
            inputs: v[0].declarations
              .filter((x) => x.startsWith('input '))
              .map((x) => x.slice(6))
              .sort(),
            texts: Object.values(v[0].match),
          };
  }
  return out;
};
const en = load('en');
const zh = load('zh-CN');

describe('the catalogs', () => {
  it('have the same keys in English and Simplified Chinese', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('give each message the same parameters in both languages', () => {
    const differ = Object.keys(en).filter((k) => JSON.stringify(en[k].inputs) !== JSON.stringify(zh[k]?.inputs));
    expect(differ).toEqual([]);
  });

  it('have no empty message, and the Chinese is Chinese', () => {
    const empty = (m: { texts: string[] } | undefined) => !m || m.texts.some((t) => !t.trim());
    expect(Object.keys(en).filter((k) => empty(en[k]) || empty(zh[k]))).toEqual([]);
    // A message with words in English has Chinese in its translation too (Spark's own words aside).
    const untranslated = Object.keys(en).filter((k) => {
      const [e, z] = [en[k].texts.join('\n'), zh[k].texts.join('\n')];
      return /[a-z]{3,} [a-z]{3,}/.test(e) && !/[\u4e00-\u9fff]/.test(z) && e === z;
    });
    expect(untranslated).toEqual([]);
  });
});

describe('the shipped examples’ names and descriptions', () => {
  it('are in both catalogs, the English word for word the scenario file’s own', () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(9);
    for (const file of files) {
      const doc = JSON.parse(readFileSync(`scenarios/${file}`, 'utf8')) as { name: string; description: string };
      const key = exampleKey(file);
      expect(en[`${key}_name`]?.texts, file).toEqual([doc.name]);
      expect(en[`${key}_description`]?.texts, file).toEqual([doc.description]);
      expect(zh[`${key}_name`]?.texts[0], file).toMatch(/[\u4e00-\u9fff]/);
      expect(zh[`${key}_description`]?.texts[0], file).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return svelteFiles(p);
    return p.endsWith('.svelte') ? [p] : [];
  });
}

/** The markup with scripts, styles, comments and `{…}` expressions taken out. */
function markup(source: string): string {
  let s = source
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  let out = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  s = out;
  return s;
}

/** Words a person would read: letters of any script, beyond symbols and numbers. */
const WORDS = /[A-Za-z\u00c0-\u024f\u4e00-\u9fff]{2,}/;
/**
 * Spark's own words, which stay as Spark writes them in every language (config keys, recovery
 * modes, ZooKeeper's short name), and key caps as keyboards print them.
 */
const KEPT = /^(spark\.[\w.]+( \(\))?|NONE|ZOOKEEPER|FILESYSTEM|ZK|Home|End|Esc)$/;
const shown = (t: string) => WORDS.test(t) && !KEPT.test(t.trim());

describe('components', () => {
  const files = svelteFiles('src');
  it('exist to be checked', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s writes no user-visible text of its own', (file) => {
    const m = markup(readFileSync(file, 'utf8'));
    const found: string[] = [];
    for (const t of m.matchAll(/>([^<>]+)</g)) if (shown(t[1])) found.push(t[1].trim());
    for (const a of m.matchAll(/\b(title|aria-label|placeholder|alt)="([^"]*)"/g))
      if (shown(a[2])) found.push(`${a[1]}="${a[2]}"`);
    expect(found).toEqual([]);
  });

  it('the check finds a hard-coded word (it can fail)', () => {
    const m = markup('<script>let a = "x";</script><button title="Close">{m.close()}</button><p>Hello {name}</p>');
    expect([...m.matchAll(/>([^<>]+)</g)].some((t) => shown(t[1]))).toBe(true);
    expect(/title="Close"/.test(m)).toBe(true);
  });
});
