/**
 * A run as a document, in Chromium against the built site, from a user's seat: faults injected
 * from the map's menu, the run saved and opened in a fresh page, the share link opened elsewhere,
 * a reload, a tampered file, and a fault injected in the past (the recorded future kept as a
 * branch).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openApp, useSite, watchedPage } from './harness';
import type { SparkConsole } from '../../src/lib/view/console-api';

const site = useSite();
type Win = { spark: SparkConsole };

const spark = <T>(page: Page, fn: (s: SparkConsole) => T | Promise<T>) =>
  page.evaluate(`(${fn.toString()})(window.spark)`) as Promise<T>;

/** Right-clicks a node on the map and picks a fault from its menu. */
async function fault(page: Page, node: string, item: string | RegExp): Promise<void> {
  await page.locator(`[data-node="${node}"]`).click({ button: 'right' });
  const menu = page.getByRole('menu');
  await menu.waitFor();
  await menu.getByRole('menuitem', { name: item }).click();
  await expect.poll(() => page.getByRole('menu').count()).toBe(0);
}

async function moment(page: Page) {
  return spark(page, (s) => ({
    hash: s.hash(),
    cursor: s.cursor(),
    time: s.world().time,
    faults: JSON.parse(s.exportRun()).injections.length,
  }));
}

describe('a run is a document', () => {
  it('saved with three injected faults, opens in a fresh page with the same hash and cursor', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url, '?scenario=04-zookeeper-failover');
    await spark(w.page, (s) => s.run(20_000));
    await fault(w.page, 'worker-2', 'Kill');
    await spark(w.page, (s) => s.run(40_000));
    await fault(w.page, 'master-1', /GC pause/);
    await spark(w.page, (s) => s.run(60_000));
    await fault(w.page, 'worker-3', 'Isolate (partition)');
    await spark(w.page, (s) => s.run(90_000));
    await w.page.getByRole('button', { name: 'Step back' }).click();
    await w.page.getByRole('button', { name: 'Step back' }).click();
    const saved = await moment(w.page);
    expect(saved.faults).toBe(3);

    const download = w.page.waitForEvent('download');
    await w.page.getByRole('button', { name: /^Save/ }).click();
    await w.page.getByRole('menuitem', { name: 'The run (.run.json)' }).click();
    const file = join(tmpdir(), `run-${Date.now()}.run.json`);
    await (await download).saveAs(file);

    const fresh = await watchedPage(site.browser, site.url);
    await openApp(fresh, site.url);
    const chooser = fresh.page.waitForEvent('filechooser');
    await fresh.page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles(file);
    await expect.poll(() => moment(fresh.page), { timeout: 30_000 }).toEqual(saved);
    expect(await fresh.page.locator('[data-node="worker-2"]').getAttribute('aria-label')).toContain('DOWN');
    expect(fresh.consoleErrors).toEqual([]);

    // The same file, tampered with: a precise message, and the run on screen is kept.
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.injections[1].fault.target = 'master-9';
    const bad = join(tmpdir(), `tampered-${Date.now()}.run.json`);
    writeFileSync(bad, JSON.stringify(doc));
    const chooser2 = fresh.page.waitForEvent('filechooser');
    await fresh.page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser2).setFiles(bad);
    await expect
      .poll(() => fresh.page.locator('.error pre').textContent())
      .toContain('injections[1].fault.target: unknown node "master-9" (did you mean "master-1"?)');
    expect(await moment(fresh.page)).toEqual(saved);

    // A trace whose hash does not match what the file claims: said plainly.
    doc.injections[1].fault.target = 'master-1';
    doc.hash = doc.hash.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
    writeFileSync(bad, JSON.stringify(doc));
    const chooser3 = fresh.page.waitForEvent('filechooser');
    await fresh.page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser3).setFiles(bad);
    await expect.poll(() => fresh.page.locator('.error pre').textContent()).toContain('is not the same run');
    await w.page.close();
    await fresh.page.close();
  });

  it('the address always holds the run: the share link opens the same moment elsewhere, and a reload keeps it (and the speed)', async () => {
    const w = await watchedPage(site.browser, site.url);
    await w.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await openApp(w, site.url, '?scenario=02-worker-timeout-and-reconnect');
    await spark(w.page, (s) => s.run(30_000));
    await fault(w.page, 'worker-1', 'Restart');
    await spark(w.page, (s) => s.run(50_000));
    await w.page.locator('[data-node="master-1"]').click();
    await w.page.getByRole('button', { name: 'Step back' }).click();
    const here = await moment(w.page);
    await w.page.getByRole('button', { name: 'Share' }).click();
    await w.page.getByText('Link copied').waitFor();
    const link = await w.page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain('scenario=02-worker-timeout-and-reconnect');
    expect(link).toContain('node=master-1');

    const other = await watchedPage(site.browser, site.url);
    await other.page.goto(link, { waitUntil: 'networkidle' });
    await other.page.waitForFunction(() => (window as unknown as Win).spark?.runtime);
    await expect.poll(() => moment(other.page), { timeout: 30_000 }).toEqual(here);
    await other.page.getByRole('heading', { name: 'master-1' }).waitFor();

    // A reload: nothing lost (the address holds the run, the storage keeps it too, and the speed).
    await expect.poll(() => w.page.url()).toContain(`at=${here.cursor}`);
    const speed = w.page.locator('.speed output');
    const before = await speed.textContent();
    await w.page.keyboard.press('+');
    await expect.poll(() => speed.textContent()).not.toBe(before);
    const faster = await speed.textContent();
    await w.page.reload({ waitUntil: 'networkidle' });
    await w.page.waitForFunction(() => (window as unknown as Win).spark?.runtime);
    await expect.poll(() => moment(w.page), { timeout: 30_000 }).toEqual(here);
    expect(await speed.textContent()).toBe(faster);
    expect(w.consoleErrors).toEqual([]);
    expect(other.consoleErrors).toEqual([]);
    await w.page.close();
    await other.page.close();
  });

  it('reloads the last run when the address names none (autosave)', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url, '?scenario=03-workers-give-up');
    await spark(w.page, (s) => s.run(25_000));
    await fault(w.page, 'worker-1', 'Kill');
    await spark(w.page, (s) => s.run(26_000));
    const here = await moment(w.page);
    await expect.poll(() => w.page.url()).toContain('faults=');
    await w.page.waitForTimeout(600);
    await w.page.goto(`${site.url}/`, { waitUntil: 'networkidle' });
    await w.page.waitForFunction(() => (window as unknown as Win).spark?.runtime);
    await expect.poll(() => moment(w.page), { timeout: 30_000 }).toEqual(here);
    await w.page.close();
  });

  it('a fault injected in the recorded past keeps the recorded future as a branch to go back to', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url, '?scenario=01-register-three-workers');
    await spark(w.page, (s) => s.run(60_000));
    const future = await moment(w.page);
    await spark(w.page, (s) => s.seek(20));
    await fault(w.page, 'worker-2', 'Kill');
    await w.page.getByText('The run forks here.').waitFor();
    expect((await moment(w.page)).hash).not.toBe(future.hash);
    await w.page.getByRole('button', { name: 'Branches (1)' }).click();
    await w.page.getByRole('menuitem', { name: /before kill/ }).click();
    await expect.poll(() => spark(w.page, (s) => s.hash()), { timeout: 30_000 }).toBe(future.hash);
    expect(await spark(w.page, (s) => s.cursor())).toBe(20);
    await w.page.close();
  });
});
