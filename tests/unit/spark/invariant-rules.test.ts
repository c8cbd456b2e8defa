/** The invariants panel's list (spec §h) is the list the model checks: no rule checked and unlisted. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { INVARIANT_RULES } from '../../../src/lib/spark/invariant-rules';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('INVARIANT_RULES', () => {
  it('lists every rule the Spark model reports, once, with its words in both catalogs', () => {
    const used = new Set<string>();
    for (const f of files('src/lib/spark')) {
      if (f.endsWith('invariant-rules.ts')) continue;
      for (const m of readFileSync(f, 'utf8').matchAll(/'(h\d+)'/g)) used.add(m[1]);
    }
    const listed = INVARIANT_RULES.map((r) => r.rule);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...used].filter((r) => !listed.includes(r))).toEqual([]);
    expect(used.size).toBeGreaterThan(15);
    for (const lang of ['en', 'zh-CN']) {
      const catalog = JSON.parse(readFileSync(`messages/${lang}.json`, 'utf8')) as Record<string, string>;
      for (const r of listed) expect(catalog[`invariant_${r}`], `${lang} invariant_${r}`).toBeTruthy();
    }
  });
});
