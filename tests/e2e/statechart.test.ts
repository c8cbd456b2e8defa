/**
 * The statechart in the inspector, as a student uses it (issue 20 §1): step until the master is
 * elected and see the arrow it took lit, enlarge it, click the arrow for Spark's code, Escape.
 */
import { describe, expect, it } from 'vitest';
import { openApp, useSite, watchedPage } from './harness';
import type { SparkConsole } from '../../src/lib/view/console-api';

const site = useSite();
type Win = { spark: SparkConsole };

describe('the statechart', () => {
  it('lights the ElectedLeader arrow as it is taken; a click on it names the Spark handler; Escape closes', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url, '?scenario=04-zookeeper-failover&lang=en');
    const page = w.page;
    await page.locator('[data-node="master-1"]').click();
    const inspector = page.locator('.inspector');
    await inspector.locator('.statechart').waitFor();
    const taken = inspector.locator('.statechart .edge.taken');
    // Step as a person does, one event at a time (each shown before the next click), until
    // master-1's last event takes an arrow.
    const cursor = () => page.evaluate(() => (window as unknown as Win).spark.cursor());
    for (let i = 0; i < 60 && (await taken.count()) === 0; i++) {
      const c = await cursor();
      await page.getByRole('button', { name: 'Step forward' }).click();
      await expect.poll(cursor).toBe(c + 1);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    }
    expect(await taken.count()).toBe(1);
    await expect.poll(() => taken.first().getAttribute('aria-label')).toMatch(/^ElectedLeader.*: STANDBY → ALIVE/);
    const lit = inspector.locator('.statechart .state.active');
    await expect.poll(() => lit.getAttribute('data-state')).toBe('ALIVE');
    // The lit arrow is drawn on screen: a visible, non-empty box inside the inspector.
    const box = await taken.first().boundingBox();
    expect(box && box.width * box.height).toBeGreaterThan(0);

    const enlarge = page.getByRole('button', { name: 'Enlarge' });
    await enlarge.click();
    const dialog = page.getByRole('dialog', { name: 'Statechart of master' });
    await dialog.waitFor();
    // A person clicks the arrow's label (the middle of an L-shaped arrow's box may be empty).
    await dialog
      .getByRole('button', { name: /^ElectedLeader.*: STANDBY → RECOVERING/ })
      .locator('.label')
      .click();
    await dialog.getByText('receive · case ElectedLeader').waitFor();
    const link = dialog.getByRole('link', { name: 'deploy/master/Master.scala' }).first();
    expect(await link.getAttribute('href')).toMatch(
      /^https:\/\/github\.com\/apache\/spark\/blob\/v4\.0\.1\/core\/.*\/deploy\/master\/Master\.scala/,
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => enlarge.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(w.consoleErrors).toEqual([]);
    await page.close();
  });
});
