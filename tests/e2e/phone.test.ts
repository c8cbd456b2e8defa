/**
 * A student on a 390×844 phone, by touch: tap a worker on the map and read its table in the
 * inspector; read a chapter in Chinese, tapping a prediction and Next.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useSite } from './harness';
import type { SparkConsole } from '../../src/lib/view/console-api';

const site = useSite();
type Win = { spark: SparkConsole };

async function phone(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => (window as unknown as Win).spark?.runtime);
  return { page, errors };
}

describe('on a phone', () => {
  it('tapping the master opens the inspector with its workers table, readable on screen', async () => {
    const { page, errors } = await phone(site.browser, `${site.url}/?scenario=01-register-three-workers&lang=en`);
    await page.evaluate(() => (window as unknown as Win).spark.run(20_000));
    await page.locator('[data-node="master-1"]').tap();
    // The inspector is below the fold: a button at the bottom of the screen says so, and takes one there.
    const jump = page.getByRole('button', { name: 'master-1: details below ↓' });
    const j = (await jump.boundingBox())!;
    expect(j.y + j.height).toBeLessThanOrEqual(844);
    await jump.tap();
    const side = page.locator('.side');
    await expect.poll(async () => (await side.boundingBox())!.y).toBeLessThan(844);
    await expect.poll(() => jump.count()).toBe(0);
    await expect.poll(() => side.textContent()).toContain('master-1');
    await side.scrollIntoViewIfNeeded();
    const box = await side.boundingBox();
    expect(box && box.height).toBeGreaterThan(200);
    // The Master's workers table, with the three workers registered.
    const table = side.locator('table').filter({ hasText: 'worker1:7078' });
    await table.scrollIntoViewIfNeeded();
    expect(await table.isVisible()).toBe(true);
    expect(await table.locator('tbody tr').count()).toBe(3);
    // Its statechart fits the phone's width, with ALIVE lit and drawn at a size one can see.
    const chart = side.locator('.statechart svg');
    await chart.scrollIntoViewIfNeeded();
    const c = await chart.boundingBox();
    expect(c && c.width > 200 && c.width <= 390 && c.height > 100).toBe(true);
    const alive = await side.locator('.statechart .state.active[data-state="ALIVE"] rect').boundingBox();
    expect(alive && alive.width > 15 && alive.x >= 0 && alive.x + alive.width <= 390).toBe(true);
    // A worker's status: its long id (worker-…-worker1-7078) wraps inside the screen.
    await page.locator('[data-node="worker-1"]').tap();
    await expect.poll(() => side.locator('h2').first().textContent()).toContain('worker-1');
    const rights = await side
      .locator('table.kv td')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
    expect(rights.length).toBeGreaterThan(3);
    expect(Math.max(...rights)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('pinch zooms the map and a finger pans it; a tap still opens the node under it', async () => {
    const { page, errors } = await phone(site.browser, `${site.url}/?scenario=04-zookeeper-failover&lang=zh-CN`);
    // The example's name and description read in Chinese too, in the picker and above the map.
    await expect
      .poll(() => page.locator('select[aria-label="场景"] option:checked').textContent())
      .toBe('ZooKeeper 故障切换：领导者宕机，备用 Master 恢复集群');
    expect(await page.locator('details.scenario-desc summary').textContent()).toContain(
      '三个 Master 共享一个 ZooKeeper 领导者锁',
    );
    await page.evaluate(() => (window as unknown as Win).spark.run(30_000));
    const master = page.locator('[data-node="master-1"]');
    const before = (await master.boundingBox())!;
    const topo = (await page.locator('.topology').boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: { x: number; y: number }[]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, id) => ({ ...p, id })) });
    // Two fingers move apart over the master: the map grows about them.
    const cx = before.x + before.width / 2;
    const cy = before.y + before.height / 2 + 20;
    await touch('touchStart', [
      { x: cx - 20, y: cy },
      { x: cx + 20, y: cy },
    ]);
    for (let d = 30; d <= 60; d += 10)
      await touch('touchMove', [
        { x: cx - d, y: cy },
        { x: cx + d, y: cy },
      ]);
    await touch('touchEnd', []);
    await expect.poll(async () => (await master.boundingBox())!.width).toBeGreaterThan(before.width * 2);
    expect(await page.getByRole('button', { name: '适应窗口（重置缩放）' }).textContent()).toMatch(/\d+%/);
    // One finger pans.
    const zoomed = (await master.boundingBox())!;
    await touch('touchStart', [{ x: cx, y: cy }]);
    for (let d = 10; d <= 50; d += 10) await touch('touchMove', [{ x: cx + d, y: cy + d / 2 }]);
    await touch('touchEnd', []);
    const panned = (await master.boundingBox())!;
    expect(Math.round(panned.x - zoomed.x)).toBe(50);
    // A tap on the master, where it is drawn now, opens it.
    const x = Math.max(panned.x, topo.x) + 10;
    const y = Math.max(panned.y, topo.y) + 10;
    expect(x < panned.x + panned.width && y < panned.y + panned.height).toBe(true);
    await page.touchscreen.tap(x, y);
    await expect.poll(() => page.locator('.side h2').first().textContent()).toContain('master-1');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a finger held on a worker opens its faults, where iOS sends no contextmenu; tapping Kill kills it, on the map at once', async () => {
    const { page, errors } = await phone(site.browser, `${site.url}/?scenario=01-register-three-workers&lang=en`);
    await page.evaluate(() => (window as unknown as Win).spark.run(20_000));
    // As on an iPhone: the browser itself sends no contextmenu for a long press.
    await page.evaluate(() =>
      document.addEventListener('contextmenu', (e) => e.isTrusted && e.stopImmediatePropagation(), true),
    );
    const box = (await page.locator('[data-node="worker-2"]').boundingBox())!;
    const finger = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const touch = await page.context().newCDPSession(page);
    const hold = async (ms: number) => {
      await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [finger] });
      await page.waitForTimeout(ms);
      await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    // A short touch is a tap: it selects, no menu.
    await hold(100);
    await expect.poll(() => page.locator('.side h2').first().textContent()).toContain('worker-2');
    expect(await page.getByRole('menu').count()).toBe(0);
    await hold(700);
    const menu = page.getByRole('menu', { name: 'Faults for worker-2' });
    await menu.waitFor();
    const m = (await menu.boundingBox())!;
    expect(m.x >= 0 && m.x + m.width <= 390).toBe(true);
    await menu.getByRole('menuitem', { name: 'Kill', exact: true }).tap();
    await expect
      .poll(() => page.evaluate(() => JSON.parse((window as unknown as Win).spark.exportRun()).injections))
      .toMatchObject([{ fault: { action: 'kill', target: 'worker-2' } }]);
    // Shown at once, without playing on: the map draws it down.
    await expect.poll(() => page.locator('[data-node="worker-2"]').getAttribute('class')).toContain('down');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a chapter in Chinese: tap a choice, then Next; the caption stays on screen', async () => {
    const { page, errors } = await phone(site.browser, `${site.url}/?chapter=registration&step=3&lang=zh-CN`);
    const caption = page.locator('.chapter .caption').first();
    await expect.poll(() => caption.textContent()).toContain('RegisterWorker');
    // The card is no scroll box of its own: every choice is there to scroll the page to, and nothing
    // in it runs past its sides.
    const card = page.locator('.chapter');
    expect(await card.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
    expect(await card.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    await page.locator('.choices button').nth(1).tap();
    await expect.poll(() => page.locator('.chapter .verdict').textContent()).toContain('答对了');
    await page.getByRole('button', { name: '下一步 →' }).tap();
    await expect.poll(() => page.locator('.chapter .where').textContent()).toBe('第 4 步，共 6 步');
    const box = await caption.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 844).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("the header's actions are in one menu: three rows in Chinese, the scenario's whole name, and a tap on 新建集群 makes a cluster", async () => {
    const { page, errors } = await phone(site.browser, `${site.url}/?lang=zh-CN`);
    // Title; scenario and chapters; the menu, language, theme and help: three rows of a finger's height.
    const header = await page.locator('header').boundingBox();
    expect(header && header.height < 160).toBe(true);
    const select = page.getByRole('combobox', { name: '场景' });
    expect(await select.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.getByRole('button', { name: '新建集群' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: '菜单 ▾' }).tap();
    const menu = page.getByRole('menu');
    const box = await menu.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844).toBe(true);
    await menu.getByRole('menuitem', { name: '新建集群' }).tap();
    await page.locator('input[name="workers"]').fill('5');
    await page.getByRole('button', { name: '创建' }).tap();
    await expect.poll(() => page.locator('[data-node="worker-5"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a dropped message's reason is written off the nodes' boxes and inside the map", async () => {
    const { page, errors } = await phone(site.browser, site.url);
    await page.evaluate(async () => {
      const spark = (window as unknown as Win).spark;
      await spark.run(20_000);
      await spark.inject({ action: 'kill', target: 'master-1' });
    });
    // Step until a worker's message to the dead master is dropped.
    for (let k = 0; k < 400 && (await page.locator('g.dropped').count()) === 0; k++) {
      await page.evaluate(() => (window as unknown as Win).spark.step());
    }
    const why = page.locator('g.dropped .why').first();
    await expect.poll(() => why.textContent()).toMatch(/: target down$/);
    const w = (await why.boundingBox())!;
    const map = (await page.locator('.topology').boundingBox())!;
    expect(w.x >= map.x && w.x + w.width <= map.x + map.width).toBe(true);
    const boxes = await page
      .locator('g.node rect.box')
      .evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })),
      );
    const over = boxes.filter((b) => w.x < b.x + b.w && w.x + w.width > b.x && w.y < b.y + b.h && w.y + w.height > b.y);
    expect(over).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a caption's Spark words stay whole on a line: `--supervise` is not cut after its first hyphen", async () => {
    const { page, errors } = await phone(site.browser, `${site.url}/?chapter=drivers&step=2&lang=zh-CN`);
    const flag = page.locator('.chapter .caption code', { hasText: '--supervise' });
    await flag.waitFor();
    // One box: the name is on one line, and inside the screen.
    const lines = await flag.evaluate((el) => el.getClientRects().length);
    expect(lines).toBe(1);
    const box = await flag.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
