/**
 * Real Spark logs, as an engineer opens them: chosen with Open… (or dropped), read in a Web
 * Worker, played as the same animation as a simulation, the lines not understood listed and
 * downloadable; a file that is not a log is refused by name and the run shown stays.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, useSite, watchedPage } from './harness';
import { SHARED_LOGS, sharedLogNames } from '../unit/logs/shared-logs';
import type { SparkConsole } from '../../src/lib/view/console-api';

const site = useSite();
type Win = { spark: SparkConsole };
const path = (prefix: string) => `${SHARED_LOGS}${sharedLogNames().find((n) => n.startsWith(`${prefix}-`))}`;

async function openWithChooser(page: Page, files: string[], button = 'Open…'): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button, exact: true }).click();
  await (await chooser).setFiles(files);
}

/** Goes to the last line of a master and worker pair: the worker is registered. */
async function endsRegistered(page: Page): Promise<void> {
  await page.keyboard.press('End');
  await expect
    .poll(() => page.locator('g.node', { hasText: 'worker-1' }).first().textContent())
    .toContain('Registered');
}

describe('replaying real logs', () => {
  it('opens a master and a worker log, plays them to the end, and shows who registered with whom', async () => {
    const w = await watchedPage(site.browser, site.url);
    const { page } = w;
    await openApp(w, site.url);
    await openWithChooser(page, [path('27a'), path('27b')]);
    await page.getByText('Replaying real Spark logs (2 files)').waitFor();
    await expect.poll(() => page.locator('.logbar').textContent()).toContain('1 line not understood');
    // Both daemons are on screen; at the first line only the master has printed anything, and the
    // worker, whose log has not begun, is not called down.
    const worker = page.locator('g.node', { hasText: 'worker-1' }).first();
    await expect.poll(() => worker.textContent()).toContain('state not logged');
    expect(await worker.textContent()).not.toContain('DOWN');

    // Play, as a person does, and wait for the last line.
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.locator('.controls').textContent(), { timeout: 30_000 }).toMatch(/(\d+) \/ \1 events/);
    await expect.poll(() => worker.textContent()).toContain('Registered');
    await expect.poll(() => page.locator('g.node', { hasText: 'master-1' }).first().textContent()).toContain('leader');

    // The event log shows the original lines and the two messages the pairs of lines show.
    const log = page.locator('section.log');
    await expect.poll(() => log.textContent()).toContain('RegisterWorker ← worker-1');
    await expect.poll(() => log.textContent()).toContain('RegisteredWorker ← master-1');
    await expect
      .poll(() => log.textContent())
      .toContain('Registering worker 10.244.0.3:33145 with 2 cores, 3.0 GiB RAM');

    // Click the worker on screen: the inspector says what the logs tell, and that they tell only part.
    await worker.click();
    const inspector = page.locator('aside.side');
    await expect.poll(() => inspector.textContent()).toContain('spark://spark-cluster-master-0');
    // Its menu offers no fault a recording cannot take, and says how to change what happened.
    await worker.click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Faults for worker-1' });
    await expect.poll(() => menu.textContent()).toContain('A recording takes no faults');
    expect(await menu.getByRole('menuitem', { name: 'Kill', exact: true }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);

    // The line not understood can be downloaded.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download them' }).click();
    const file = await download;
    const text = readFileSync((await file.path()) as string, 'utf8');
    expect(text).toMatch(/^27b-spark3\.5\.3-k8s-worker-connect-refused-retry-registered-md-blockquote\.log:\d+: /);

    // About these logs… lists each file; Escape closes it.
    await page.getByRole('button', { name: 'About these logs…' }).click();
    const dialog = page.getByRole('dialog');
    await expect
      .poll(() => dialog.textContent())
      .toContain('27a-spark3.5.3-k8s-master-tail-workers-register-md-blockquote.log');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(w.consoleErrors).toEqual([]);
    await page.close();
  });

  it('compares the logs with Spark’s model, goes to a difference, and opens the incident as a scenario', async () => {
    const w = await watchedPage(site.browser, site.url);
    const { page } = w;
    await openApp(w, site.url);
    await openWithChooser(page, [path('27a'), path('27b')]);
    // The real worker's connection was refused once; the model's registers at once.
    await page.getByRole('button', { name: '1 difference from Spark’s model' }).click();
    const dialog = page.getByRole('dialog');
    await expect
      .poll(() => dialog.textContent())
      .toContain('worker-1: the log has “Retrying connection to master (attempt # 2)” at 23 s');
    await dialog.getByRole('button', { name: 'Go there' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    // The cursor is just after that line, and the worker is selected.
    await expect
      .poll(() => page.locator('section.log .current').first().textContent())
      .toContain('Retrying connection to master (attempt # 2)');
    await expect.poll(() => page.locator('aside.side h2').first().textContent()).toContain('worker-1');

    await page.getByRole('button', { name: 'Open as scenario' }).click();
    await expect.poll(() => page.locator('.logbar').count()).toBe(0);
    await expect
      .poll(() => page.locator('.scenario-desc summary').textContent())
      .toContain('Inferred from 27a-spark3.5.3');
    // It is a simulation now: it can be shared and take faults.
    expect(await page.getByRole('button', { name: 'Share', exact: true }).isDisabled()).toBe(false);
    expect(w.consoleErrors).toEqual([]);
    await page.close();
  });

  it('takes logs dropped on the page', async () => {
    const w = await watchedPage(site.browser, site.url);
    const { page } = w;
    await openApp(w, site.url);
    const files = [path('11a'), path('11b')].map((p) => ({
      name: p.replace(/^.*\//, ''),
      text: readFileSync(p, 'utf8'),
    }));
    const transfer = await page.evaluateHandle((files) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
      return dt;
    }, files);
    await page.dispatchEvent('.app', 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent('.app', 'drop', { dataTransfer: transfer });
    await page.getByText('Replaying real Spark logs (2 files)').waitFor();
    await endsRegistered(page);
    expect(w.consoleErrors).toEqual([]);
    await page.close();
  });

  it('refuses a file that is not a Spark log by its name, and keeps the run shown', async () => {
    const w = await watchedPage(site.browser, site.url);
    const { page } = w;
    await openApp(w, site.url);
    const before = await page.evaluate(() => (window as unknown as Win).spark.hash());
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…', exact: true }).click();
    await (
      await chooser
    ).setFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('my shopping list\nmilk\neggs\n') }]);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('notes.txt: not a Spark log');
    expect(await page.evaluate(() => (window as unknown as Win).spark.hash())).toBe(before);
    await expect.poll(() => page.locator('.logbar').count()).toBe(0);
    // The console API refuses bad files with the field named, the run untouched.
    const err = await page.evaluate(() =>
      (window as unknown as Win).spark.replay([{ name: 'a.log' }]).then(
        () => 'accepted',
        (e: Error) => e.message,
      ),
    );
    expect(err).toBe("replay: files[0].text: expected the file's text (a string), got undefined");
    expect(await page.evaluate(() => (window as unknown as Win).spark.hash())).toBe(before);
    await page.close();
  });

  it('reads the logs among files chosen with one that is not a log, and names the one left out', async () => {
    const w = await watchedPage(site.browser, site.url);
    const { page } = w;
    await openApp(w, site.url);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open…', exact: true }).click();
    await (
      await chooser
    ).setFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('my shopping list\nmilk\neggs\n') },
      ...['27a', '27b'].map((k) => ({
        name: path(k).replace(/^.*\//, ''),
        mimeType: 'text/plain',
        buffer: readFileSync(path(k)),
      })),
    ]);
    await page.getByText('Replaying real Spark logs (2 files)').waitFor();
    expect(await page.locator('.logbar').textContent()).toContain('Not Spark logs, left out: notes.txt');
    expect(await page.getByRole('alert').count()).toBe(0);
    await endsRegistered(page);
    expect(w.consoleErrors).toEqual([]);
    await page.close();
  });

  it('reads in Chinese: the bar says what is replayed, the log lines stay Spark’s', async () => {
    const w = await watchedPage(site.browser, site.url);
    const { page } = w;
    await openApp(w, site.url, '?lang=zh-CN');
    await openWithChooser(page, [path('18')], '打开…');
    await page.getByText('正在回放真实的 Spark 日志（1 个文件）').waitFor();
    await page.keyboard.press('End');
    const master = page.locator('g.node', { hasText: 'master-1' }).first();
    await expect.poll(() => master.textContent()).toContain('ALIVE');
    await expect
      .poll(() => page.locator('section.log').textContent())
      .toContain('Recovery complete - resuming operations!');
    expect(w.consoleErrors).toEqual([]);
    await page.close();
  });

  it('replays every shared log in the built site', async () => {
    const w = await watchedPage(site.browser, site.url);
    const { page } = w;
    await openApp(w, site.url);
    for (const name of sharedLogNames()) {
      const text = readFileSync(`${SHARED_LOGS}${name}`, 'utf8');
      const said = await page.evaluate(
        ([name, text]) => (window as unknown as Win).spark.replay([{ name, text }]),
        [name, text],
      );
      expect(said, name).toMatch(/^Replaying .*: [1-9]\d* events, [1-9]\d* nodes$/);
      // One step in, the daemon that printed the first line runs; End goes to the last line.
      await page.keyboard.press('ArrowRight');
      await expect
        .poll(() => page.evaluate(() => (window as unknown as Win).spark.world().nodes.some((n) => n.up)), {
          message: name,
        })
        .toBe(true);
      await page.keyboard.press('End');
      const events = Number(/: (\d+) events/.exec(said)?.[1]);
      await expect
        .poll(() => page.evaluate(() => (window as unknown as Win).spark.cursor()), { message: name })
        .toBe(events);
    }
    expect(w.consoleErrors).toEqual([]);
    await page.close();
  });
});
