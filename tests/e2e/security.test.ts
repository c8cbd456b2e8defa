/**
 * The page under its Content-Security-Policy: scripts only from the site and SvelteKit's start-up
 * script by hash (no 'unsafe-inline', no 'unsafe-eval'), and nothing it does trips it — Web Worker
 * daemons over shared memory, the service worker, a chapter, a picture saved. Names and texts that
 * look like markup are shown as text, never run.
 */
import { describe, expect, it } from 'vitest';
import { openApp, useSite, watchedPage } from './harness';
import type { SparkConsole } from '../../src/lib/view/console-api';

const site = useSite({ isolated: true });
type Win = { spark: SparkConsole; violations: string[]; xss?: number };

describe('Content-Security-Policy', () => {
  it('is in the page, strict for scripts, and nothing the page does violates it', async () => {
    const w = await watchedPage(site.browser, site.url);
    await w.page.addInitScript(() => {
      (window as unknown as Win).violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as Win).violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await openApp(w, site.url, '?scenario=04-zookeeper-failover');
    const csp = await w.page.evaluate(
      () => document.querySelector('meta[http-equiv="content-security-policy"]')?.getAttribute('content') ?? '',
    );
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).toMatch(/'sha256-/);
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const r = await w.page.evaluate(async () => {
      const s = (window as unknown as Win).spark;
      await s.run(90_000);
      return { threads: s.threads(), transport: s.transport, leader: s.world().nodes.find((n) => n.leads)?.id };
    });
    expect(r.threads).toBeGreaterThan(0);
    expect(r.transport).toBe('shared-memory');
    await w.page.evaluate(() => (window as unknown as Win).spark.chapter('cast', 4));
    await w.page.locator('.chapter .caption').first().waitFor();
    // A picture of the map, as PNG (drawn through blob: and data: URLs).
    const download = w.page.waitForEvent('download');
    await w.page.getByRole('button', { name: 'Save ▾' }).click();
    await w.page.getByRole('menuitem', { name: 'The topology as PNG' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.png$/);
    await w.page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
    expect(await w.page.evaluate(() => (window as unknown as Win).violations)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });

  it('shows markup in a scenario name and description as text, and runs none of it', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url);
    const name = '<img src=x onerror="window.xss=1">';
    const description = '<script>window.xss=2</script><b>bold?</b>';
    await w.page.evaluate(
      async ([n, d]) => {
        await (window as unknown as Win).spark.load({
          version: 1,
          seed: 1,
          name: n,
          description: d,
          masters: [{ host: 'master', port: 7077 }],
          workers: [{ host: 'worker1', port: 7078, cores: 2, memory: '1g' }],
        });
      },
      [name, description] as const,
    );
    await expect.poll(() => w.page.locator('.scenario-desc summary').textContent()).toContain(name);
    expect(await w.page.locator('.scenario-desc summary').textContent()).toContain(description);
    expect(await w.page.locator('.scenario-desc img, .scenario-desc b').count()).toBe(0);
    expect(await w.page.evaluate(() => (window as unknown as Win).xss)).toBeUndefined();
    // The picker shows the run loaded from the console, not the scenario before it.
    const picker = w.page.getByRole('combobox', { name: 'Scenario' });
    expect(await picker.inputValue()).toBe('');
    expect(await picker.locator('option:checked').textContent()).toBe(name);
    await w.page.close();
  });
});
