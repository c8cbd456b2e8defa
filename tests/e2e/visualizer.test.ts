/** The visualizer as a user drives it, in Chromium against the built site. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, useSite, watchedPage } from './harness';
import { forgetfulZooKeeperRunFile } from '../fixtures/forgetful-zookeeper';
import type { SparkConsole } from '../../src/lib/view/console-api';
import { uniformCluster } from '../../src/lib/scenario/uniform-cluster';

const site = useSite();
type Win = { spark: SparkConsole };

/** The master's Workers table row for a worker host (its Address column reads `host:port`). */
function workerRow(host: string) {
  return `table[aria-label="Workers"] tr:has(td:text-is("${host}:7078"))`;
}

/**
 * A fresh page with a uniform cluster of `workers` loaded through the console, then run to a
 * virtual time or played at a speed.
 */
async function pageWithCluster(workers: number, start: { run?: number; play?: number }) {
  const w = await watchedPage(site.browser, site.url);
  await openApp(w, site.url);
  await w.page.evaluate(
    async ([doc, go]) => {
      const s = (window as unknown as Win).spark;
      await s.load(doc);
      if (go.run !== undefined) await s.run(go.run);
      if (go.play !== undefined) s.play(go.play);
    },
    [uniformCluster({ workers }), start] as const,
  );
  return w;
}

describe('the visualizer', () => {
  it('plays the default scenario: a RegisterWorker dot flies, then the Master lists the worker', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url);
    await w.page.getByRole('button', { name: 'Play', exact: true }).click();
    await w.page.locator('g.dot[data-msg="RegisterWorker"]').first().waitFor({ state: 'attached', timeout: 20_000 });
    await w.page.locator('[data-node="master-1"]').click();
    await w.page.locator(workerRow('worker1')).waitFor({ timeout: 30_000 });
    await expect.poll(() => w.page.locator(workerRow('worker1')).textContent(), { timeout: 20_000 }).toContain('ALIVE');
    await w.page.getByRole('button', { name: 'Pause', exact: true }).click();
    expect(w.consoleErrors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await w.page.close();
  });

  it('Step forward then Step back returns to the same state', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url);
    await w.page.evaluate(() => (window as unknown as Win).spark.run(12_000));
    await w.page.locator('[data-node="master-1"]').click();
    await w.page.locator('table[aria-label="Workers"]').waitFor();
    const snap = () =>
      w.page.evaluate(async () => {
        const s = (window as unknown as Win).spark;
        return { cursor: s.cursor(), master: JSON.stringify(await s.state('master-1')) };
      });
    const before = await snap();
    const tableBefore = await w.page.locator('table[aria-label="Workers"]').textContent();
    for (let i = 0; i < 3; i++) await w.page.getByRole('button', { name: 'Step forward' }).click();
    await expect.poll(async () => (await snap()).cursor).toBe(before.cursor + 3);
    for (let i = 0; i < 3; i++) await w.page.getByRole('button', { name: 'Step back' }).click();
    await expect.poll(async () => (await snap()).cursor).toBe(before.cursor);
    expect(await snap()).toEqual(before);
    await expect.poll(() => w.page.locator('table[aria-label="Workers"]').textContent()).toBe(tableBefore);
    await w.page.close();
  });

  it('in the ZooKeeper scenario, killing the leader makes a standby ALIVE', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url, '?scenario=04-zookeeper-failover');
    await w.page.evaluate(() => (window as unknown as Win).spark.run(30_000));
    await expect.poll(() => w.page.locator('[data-node="master-1"]').getAttribute('data-state')).toBe('ALIVE');
    await w.page.locator('[data-node="master-1"]').click();
    await w.page.getByRole('button', { name: 'Kill', exact: true }).click();
    await w.page.evaluate(() => (window as unknown as Win).spark.run(200_000));
    const states = async () =>
      Promise.all(['master-2', 'master-3'].map((m) => w.page.locator(`[data-node="${m}"]`).getAttribute('data-state')));
    await expect.poll(states).toContain('ALIVE');
    expect(await w.page.locator('[data-node="master-1"]').getAttribute('aria-label')).toContain('DOWN');
    await w.page.close();
  });

  it('the map zooms with the wheel and pans with a drag; a node is still clicked where it is drawn; ⟲ fits it again', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url, '?scenario=04-zookeeper-failover&lang=en');
    await w.page.evaluate(() => (window as unknown as Win).spark.run(30_000));
    const node = w.page.locator('[data-node="worker-2"]');
    const fit = (await node.boundingBox())!;
    await w.page.mouse.move(fit.x + fit.width / 2, fit.y + fit.height / 2);
    await w.page.mouse.wheel(0, -400);
    await expect.poll(async () => (await node.boundingBox())!.width).toBeGreaterThan(fit.width * 1.3);
    const zoomed = (await node.boundingBox())!;
    // The node under the pointer stays under it (zoom about the pointer).
    expect(Math.abs(zoomed.x + zoomed.width / 2 - (fit.x + fit.width / 2))).toBeLessThan(fit.width / 2);
    const reset = w.page.getByRole('button', { name: 'Fit the map (reset zoom)' });
    expect(await reset.textContent()).toMatch(/\d+%/);
    // Drag pans the map by as much as the pointer moved.
    const topo = (await w.page.locator('.topology').boundingBox())!;
    await w.page.mouse.move(topo.x + 40, topo.y + 120);
    await w.page.mouse.down();
    await w.page.mouse.move(topo.x + 100, topo.y + 150, { steps: 4 });
    await w.page.mouse.up();
    const panned = (await node.boundingBox())!;
    expect(Math.round(panned.x - zoomed.x)).toBe(60);
    // A click on the node where it is now drawn opens it; its menu opens beside it.
    await node.click();
    await expect.poll(() => w.page.locator('.side h2').first().textContent()).toContain('worker-2');
    await node.click({ button: 'right' });
    const menu = (await w.page.locator('.popup-menu').boundingBox())!;
    expect(menu.x).toBeGreaterThanOrEqual(panned.x - menu.width);
    expect(menu.x).toBeLessThanOrEqual(panned.x + panned.width);
    await w.page.keyboard.press('Escape');
    await reset.click();
    // Fitted again (the open inspector may have narrowed the map a little meanwhile).
    await expect.poll(async () => (await node.boundingBox())!.width).toBeLessThanOrEqual(fit.width + 2);
    expect(await reset.count()).toBe(0);
    // The menu's first item opens another node in the inspector.
    await w.page.locator('[data-node="master-1"]').click({ button: 'right' });
    await w.page.getByRole('menuitem', { name: 'Inspect master-1' }).click();
    await expect.poll(() => w.page.locator('.side h2').first().textContent()).toContain('master-1');
    expect(await w.page.locator('.popup-menu').count()).toBe(0);
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });

  it('GPUs: a GPU worker’s box fills a third bar as its GPUs are taken, and its executors list their addresses', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url, '?scenario=10-gpus-and-resource-profiles');
    await w.page.evaluate(() => (window as unknown as Win).spark.run(45_000));
    const bar = w.page.locator('[data-node="worker-1"] rect.bar.custom');
    await expect.poll(() => bar.locator('title').textContent()).toBe('3 of 3 gpu used (the leader’s table)');
    // The bar is inside the box, below the "master: ALIVE" line, and as wide as the box's other bars.
    const box = (await w.page.locator('[data-node="worker-1"] > rect').first().boundingBox())!;
    const gpu = (await bar.boundingBox())!;
    expect(gpu.y + gpu.height).toBeLessThanOrEqual(box.y + box.height);
    expect(gpu.width).toBeGreaterThan(box.width * 0.8);
    expect(await w.page.locator('[data-node="worker-3"] rect.bar.custom').count()).toBe(0);
    await w.page.locator('[data-node="worker-1"]').click();
    // Selected, the box is outlined; its bars are not (an outline 3 px wide filled them over).
    const stroke = (sel: string) =>
      w.page
        .locator(`[data-node="worker-1"] ${sel}`)
        .first()
        .evaluate((el) => `${getComputedStyle(el).stroke} ${getComputedStyle(el).strokeWidth}`);
    await expect.poll(() => stroke('rect.box')).toMatch(/^rgb.* 3px$/);
    for (const sel of ['rect.bar.cores', 'rect.bar.mem', 'rect.bar-bg']) expect(await stroke(sel)).toMatch(/^none /);
    const executors = w.page.locator('table[aria-label="Executors"]');
    await expect.poll(() => executors.textContent()).toContain('gpu: [1, 2]');
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });

  it('a partitioned worker turns DEAD; healed, it reconnects', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url);
    const run = (t: number) => w.page.evaluate((until) => (window as unknown as Win).spark.run(until), t);
    await run(20_000);
    await w.page.locator('[data-node="worker-1"]').click();
    await w.page.getByRole('button', { name: 'Isolate' }).click();
    await run(150_000);
    await w.page.locator('[data-node="master-1"]').click();
    await expect.poll(() => w.page.locator(workerRow('worker1')).textContent()).toContain('DEAD');
    await w.page.getByRole('button', { name: 'Heal all partitions and links' }).click();
    await run(260_000);
    await expect.poll(() => w.page.locator(workerRow('worker1')).textContent()).toContain('ALIVE');
    const reconnect = await w.page.evaluate(() =>
      (window as unknown as Win).spark
        .trace()
        .some((e) => e.msg === 'ReconnectWorker' || e.msg === 'ReregisterWithMaster'),
    );
    expect(reconnect).toBe(true);
    await w.page.close();
  });

  it('keyboard shortcuts work after clicking inside the inspector', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url);
    await w.page.evaluate(() => (window as unknown as Win).spark.run(5_000));
    await w.page.locator('[data-node="master-1"]').click();
    await w.page.locator('.inspector .chart').click();
    const cursor = () => w.page.evaluate(() => (window as unknown as Win).spark.cursor());
    const c0 = await cursor();
    await w.page.keyboard.press('ArrowRight');
    await expect.poll(cursor).toBe(c0 + 1);
    await w.page.keyboard.press('ArrowLeft');
    await expect.poll(cursor).toBe(c0);
    await w.page.locator('.inspector h2').click();
    await w.page.keyboard.press(' ');
    await w.page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await w.page.keyboard.press(' ');
    await w.page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    await w.page.keyboard.press('?');
    const help = w.page.getByRole('dialog', { name: 'Help' });
    await help.waitFor();
    // It opens at its top: its first heading is in view (focus on Close, at its end, scrolled it away).
    const first = (await help.getByRole('heading').first().boundingBox())!;
    expect(first.y).toBeGreaterThanOrEqual((await help.boundingBox())!.y);
    await w.page.keyboard.press('Escape');
    await expect.poll(() => w.page.getByRole('dialog', { name: 'Help' }).count()).toBe(0);
    expect(w.foreignRequests).toEqual([]);
    await w.page.close();
  });

  it('a bad New cluster value gets an inline message and leaves the run alone', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url);
    await w.page.evaluate(() => (window as unknown as Win).spark.run(10_000));
    const before = await w.page.evaluate(() => (window as unknown as Win).spark.hash());
    await w.page.getByRole('button', { name: 'New cluster' }).click();
    await w.page.locator('input[name="workers"]').fill('-3');
    await w.page.getByRole('button', { name: 'Create' }).click();
    await expect
      .poll(() => w.page.getByRole('alert').allTextContents())
      .toContain('Expected a whole number from 1 to 10000, got "-3"');
    expect(await w.page.evaluate(() => (window as unknown as Win).spark.hash())).toBe(before);
    await w.page.locator('input[name="workers"]').fill('5');
    await w.page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => w.page.locator('[data-node="worker-5"]').count()).toBe(1);
    await w.page.close();
  });

  it('makes a cluster of 10,000 workers from the form, finds the one clicked on the map and plays it', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url);
    await w.page.getByRole('button', { name: 'New cluster' }).click();
    await w.page.locator('input[name="workers"]').fill('10001');
    await w.page.getByRole('button', { name: 'Create' }).click();
    await expect
      .poll(() => w.page.getByRole('alert').allTextContents())
      .toContain('Expected a whole number from 1 to 10000, got "10001"');
    await w.page.locator('input[name="workers"]').fill('10000');
    await w.page.getByRole('button', { name: 'Create' }).click();
    const grid = w.page.getByRole('button', { name: /10000 workers/ });
    await grid.waitFor();
    // The painted worker under the pointer opens in the inspector.
    const box = (await grid.boundingBox()) as { x: number; y: number; width: number; height: number };
    await w.page.mouse.click(box.x + 3, box.y + 3);
    await expect.poll(() => w.page.locator('.inspector h2').textContent()).toBe('worker-1');
    // Playing, ten thousand workers start and register at once: they come in batches, not one a frame.
    await w.page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect
      .poll(() => w.page.evaluate(() => (window as unknown as Win).spark.cursor()), { timeout: 30_000 })
      .toBeGreaterThan(5_000);
    await w.page.getByRole('button', { name: 'Pause', exact: true }).click();
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });

  it('repaints a big cluster’s canvas in the new colours when the theme changes; its many lanes scroll beside their names', async () => {
    const w = await pageWithCluster(300, { run: 5_000 });
    const grid = w.page.getByRole('button', { name: /300 workers/ });
    await grid.waitFor();
    // The colour of the middle of the first worker's box, as painted.
    const firstBox = () =>
      w.page.evaluate(() => {
        const c = document.querySelector('canvas.grid') as HTMLCanvasElement;
        const hit = document.querySelector('.grid-hit') as SVGGraphicsElement;
        const box = hit.getBoundingClientRect();
        const from = c.getBoundingClientRect();
        const dpr = c.width / from.width;
        const x = Math.round((box.left - from.left + 4) * dpr);
        const y = Math.round((box.top - from.top + 4) * dpr);
        return [...(c.getContext('2d') as CanvasRenderingContext2D).getImageData(x, y, 1, 1).data].join(',');
      });
    const light = await firstBox();
    await w.page.getByRole('button', { name: 'Light or dark theme' }).click();
    await expect.poll(firstBox).not.toBe(light);
    // 301 lanes scroll in the space-time diagram: the scroller covers none of their names.
    const scroller = (await w.page.getByRole('slider', { name: /lanes/i }).boundingBox())!;
    const names = await w.page.locator('.lane-label').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
      }),
    );
    expect(names.length).toBeGreaterThan(3);
    const covered = names.filter(
      (r) =>
        r.x0 < scroller.x + scroller.width &&
        r.x1 > scroller.x &&
        r.y0 < scroller.y + scroller.height &&
        r.y1 > scroller.y,
    );
    expect(covered).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });

  it('the event log follows playback, and shows the current event once paused', async () => {
    const w = await pageWithCluster(50, { play: 100 });
    await expect
      .poll(() => w.page.evaluate(() => (window as unknown as Win).spark.cursor()), { timeout: 20_000 })
      .toBeGreaterThan(1000);
    await w.page.evaluate(() => (window as unknown as Win).spark.pause());
    const log = w.page.getByRole('region', { name: 'Event log' });
    const current = log.locator('.row.current');
    await current.waitFor();
    // The current row lies inside the scrolled box, not above or below it.
    await expect
      .poll(async () => {
        const row = await current.boundingBox();
        const box = await log.locator('.rows').boundingBox();
        return !!row && !!box && row.y >= box.y && row.y + row.height <= box.y + box.height;
      })
      .toBe(true);
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });

  it('shows Spark’s own over-commit as such (example 05, seed 1), and a broken invariant in red, every panel drawing', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url, '?scenario=05-filesystem-master-restart&seed=1');
    await w.page.evaluate(() => (window as unknown as Win).spark.play(200));
    await expect
      .poll(() => w.page.evaluate(() => (window as unknown as Win).spark.cursor()), { timeout: 30_000 })
      .toBeGreaterThan(120);
    await w.page.evaluate(() => (window as unknown as Win).spark.pause());
    const cursor = await w.page.evaluate(() => (window as unknown as Win).spark.cursor());
    // The event log, the timeline and the banner all followed the run to the same place.
    await expect.poll(() => w.page.locator('.log .count').textContent()).toBe(`${cursor} events`);
    await expect.poll(() => w.page.locator('.row.current .i').textContent()).toBe(String(cursor - 1));
    // Spark's re-registration race: an amber note naming Master.scala's handler, no red alert.
    const known = w.page.locator('.banner.known');
    await expect.poll(() => known.textContent()).toContain('Spark’s own behaviour, not a model bug');
    await expect.poll(() => known.textContent()).toContain('WorkerSchedulerStateResponse');
    expect(await w.page.getByRole('alert').filter({ hasText: 'Invariant' }).count()).toBe(0);

    // A run that does break one: a recorded run of a deliberately broken model, whose ZooKeeper
    // forgets its sessions when it restarts, opened as a user opens a file.
    const file = join(mkdtempSync(join(tmpdir(), 'h1-')), 'forgetful-zookeeper.run.json');
    writeFileSync(file, forgetfulZooKeeperRunFile());
    const chooser = w.page.waitForEvent('filechooser');
    await w.page.getByRole('button', { name: 'Open…' }).click();
    await (await chooser).setFiles(file);
    await w.page.getByRole('alert').filter({ hasText: 'Invariant h1 broken' }).waitFor();
    expect(await w.page.locator('.timeline rect.violation').count()).toBeGreaterThan(0);
    expect(await w.page.getByText('This panel failed').count()).toBe(0);
    // The invariants list says which rule, red; Go there seeks to it; Escape closes the list.
    const summary = w.page.getByRole('button', { name: /^1 of \d+ invariants broken$/ });
    await summary.click();
    const list = w.page.getByRole('dialog', { name: 'Invariants' });
    await expect.poll(() => list.locator('li[data-rule="h1"]').getAttribute('class')).toMatch(/\bbroken\b/);
    expect(await list.locator('li.kept').count()).toBeGreaterThan(15);
    await w.page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    await summary.click();
    await list
      .locator('li[data-rule="h1"]')
      .getByRole('button', { name: /^Go to event \d+$/ })
      .click();
    await list.waitFor({ state: 'detached' });
    await expect.poll(() => summary.textContent()).toContain('1 of');
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });
});
