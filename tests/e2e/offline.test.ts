/**
 * A classroom whose network drops: after one visit the page reloads, switches scenario, opens a
 * chapter and runs its daemons in Web Workers with the network gone (the service worker serves
 * the whole site, the daemon worker's script included).
 */
import { describe, expect, it } from 'vitest';
import { openApp, useSite, watchedPage } from './harness';
import type { SparkConsole } from '../../src/lib/view/console-api';

const site = useSite({ isolated: true });
type Win = { spark: SparkConsole };

describe('offline', () => {
  it('after one visit: reload, switch scenario, open a chapter and run, with the network gone', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url);
    // The service worker is in charge once it has cached the site.
    await w.page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 20_000 });
    await w.page.context().setOffline(true);
    await w.page.reload({ waitUntil: 'load' });
    await w.page.waitForFunction(() => (window as unknown as Win).spark?.runtime);
    expect(await w.page.evaluate(() => navigator.onLine)).toBe(false);
    // Another scenario from the picker, as a person picks it.
    await w.page.getByRole('combobox', { name: 'Scenario' }).selectOption('04-zookeeper-failover.json');
    await expect.poll(() => w.page.evaluate(() => (window as unknown as Win).spark.world().nodes.length)).toBe(8);
    const after = await w.page.evaluate(async () => {
      const s = (window as unknown as Win).spark;
      await s.run(30_000);
      const world = s.world();
      return {
        runtime: s.runtime,
        threads: s.threads(),
        states: Object.fromEntries(world.nodes.map((n) => [n.id, n.state])),
        down: world.nodes.filter((n) => !n.up).map((n) => n.id),
      };
    });
    expect(after.runtime).toBe('workers');
    expect(after.threads).toBeGreaterThan(0);
    expect(after.down).toEqual([]);
    expect(after.states['master-1']).toBe('ALIVE');
    expect(after.states['worker-1']).toMatch(/^Registered/);
    // A chapter, through its link, offline too.
    await w.page.goto(`${site.url}/?chapter=cast&step=2&lang=en`, { waitUntil: 'load' });
    await w.page.locator('.chapter .caption').first().waitFor();
    expect(await w.page.locator('.chapter .where').textContent()).toBe('Step 2 of 6');
    await w.page.context().setOffline(false);
    expect(w.consoleErrors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
    await w.page.close();
  });
});
