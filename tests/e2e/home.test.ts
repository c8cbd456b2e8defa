import { describe, expect, it } from 'vitest';
import { openApp, useSite, watchedPage } from './harness';
import { catalog } from '../../src/lib/scenario/catalog';
import { loadScenario, runLength } from '../../src/lib/scenario/load';
import { createInProcessSession } from '../../src/lib/runtime/inprocess';

const site = useSite();

describe('the page', () => {
  it('loads the default scenario in Web Workers, hashes like the CLI, logs no error and stays on its origin', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url);
    expect(await w.page.locator('h1').textContent()).toBe('Spark Standalone Visualizer');
    const loaded = loadScenario(catalog[0].doc);
    if (!loaded.ok) throw new Error('default scenario invalid');
    const until = runLength(loaded.scenario);
    const got = await w.page.evaluate(async (t) => {
      const s = (window as unknown as { spark: import('../../src/lib/view/console-api').SparkConsole }).spark;
      await s.run(t);
      return { hash: s.hash(), runtime: s.runtime, threads: s.threads() };
    }, until);
    const ref = createInProcessSession(loaded.scenario);
    ref.sim.runUntil(until);
    expect(got.runtime).toBe('workers');
    expect(got.threads).toBeGreaterThanOrEqual(2);
    expect(got.hash).toBe(ref.sim.hash());
    await w.page.getByLabel('Filter by text').fill('elected leader');
    await expect.poll(() => w.page.locator('.row').count()).toBeGreaterThan(0);
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await w.page.close();
  });
});
