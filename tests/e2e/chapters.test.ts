/**
 * The chapters as a learner reads them, in both languages: opened from the Chapters menu, read
 * step by step with Next, questions answered by clicking a choice, every caption shown as the
 * catalog writes it at the moment its anchor names, and "try it yourself" done with the fault
 * menu or the console; it says so when it worked, and when the learner did something else.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, useSite, watchedPage } from './harness';
import { chapters } from '../../src/lib/chapters/catalog';
import { captionKey, type Chapter } from '../../src/lib/chapters/chapter';
import { resolveChapter } from '../../src/lib/chapters/resolve';
import { recordChapter } from '../unit/support/chapter-run';
import type { SparkConsole } from '../../src/lib/view/console-api';

const site = useSite();
type Win = { spark: SparkConsole };
const catalogs = {
  en: JSON.parse(readFileSync('messages/en.json', 'utf8')) as Record<string, string>,
  'zh-CN': JSON.parse(readFileSync('messages/zh-CN.json', 'utf8')) as Record<string, string>,
};
type Lang = keyof typeof catalogs;

/** A message as a person reads it: the backquotes around Spark's words are not shown. */
const said = (lang: Lang, key: string, params: Record<string, string | number> = {}) => {
  const raw = catalogs[lang][key];
  if (raw === undefined) throw new Error(`no message ${key} in ${lang}`);
  return raw.replaceAll('`', '').replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));
};

function stepsOf(c: Chapter) {
  return resolveChapter(c, recordChapter(c).sim.events);
}

const cursor = (page: Page) => page.evaluate(() => (window as unknown as Win).spark.cursor());
const caption = (page: Page) => page.locator('.chapter .caption').first().textContent();

async function openFromMenu(page: Page, lang: Lang, n: number, c: Chapter): Promise<void> {
  await page.getByRole('button', { name: said(lang, 'chapters') }).click();
  await page.getByRole('menuitem', { name: `${n}. ${said(lang, `ch_${c.key}_title`)}` }).click();
  await page.locator('.chapter').waitFor();
}

/** Reads every step with Next; answers each question (rightly or not), and checks what is shown. */
async function readAll(page: Page, lang: Lang, c: Chapter, rightly: boolean): Promise<void> {
  const r = stepsOf(c);
  for (const [k, step] of c.steps.entries()) {
    await expect
      .poll(() => page.locator('.chapter .where').textContent())
      .toBe(said(lang, 'chapter_step', { n: k + 1, total: c.steps.length }));
    if (step.predict) {
      expect(await cursor(page), `${c.id}/${step.id}: before the event`).toBe(r.cursors[k]);
      expect(await caption(page)).toContain(said(lang, captionKey(c, step, '_q')));
      expect(await page.getByRole('button', { name: said(lang, 'chapter_next') + ' →' }).isDisabled()).toBe(true);
      const pick = rightly ? step.predict.answer : (step.predict.answer % step.predict.choices) + 1;
      await page
        .locator('.choices button')
        .filter({ hasText: said(lang, captionKey(c, step, `_c${pick}`)) })
        .click();
      await expect
        .poll(() => page.locator('.chapter .verdict').textContent())
        .toContain(
          rightly
            ? said(lang, 'chapter_right')
            : said(lang, 'chapter_wrong', { answer: said(lang, captionKey(c, step, `_c${step.predict.answer}`)) }),
        );
      await expect
        .poll(() => cursor(page), { message: `${c.id}/${step.id}: the event happened` })
        .toBe(r.events[k] + 1);
    } else {
      await expect.poll(() => cursor(page), { message: `${c.id}/${step.id}` }).toBe(r.cursors[k]);
    }
    await expect.poll(() => caption(page)).toBe(said(lang, captionKey(c, step)));
    if (step.highlight?.node)
      expect(await page.locator('.side h2, .side .title').first().textContent()).toContain(step.highlight.node);
    // What the step points at in the inspector: a timer, a table row.
    if (step.highlight?.timer)
      await expect.poll(() => page.locator('.side li.emphasis').textContent()).toContain(step.highlight.timer);
    if (step.highlight?.row)
      await expect.poll(() => page.locator('.side tr.emphasis').textContent()).toContain(step.highlight.row.id);
    await page.getByRole('button', { name: said(lang, 'chapter_next') + ' →' }).click();
  }
  await expect.poll(() => page.locator('.chapter .where').textContent()).toBe(said(lang, 'chapter_try'));
  expect(await caption(page)).toContain(said(lang, `ch_${c.key}_try`));
  expect(await page.locator('.chapter .verdict').textContent()).toContain(said(lang, 'chapter_try_waiting'));
}

/** The fault the chapter asks for, as the console writes it. */
function askedFault(c: Chapter) {
  const { action, target } = c.tryIt.fault;
  return action === 'partition' ? { action, groups: [[target]] } : { action, target };
}

describe.each([['en'], ['zh-CN']] as const)('chapters in %s', (lang) => {
  it('every chapter, start to end: captions at their moments, questions answered, "try it yourself" passed', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url, `?lang=${lang}`);
    for (const [i, c] of chapters.entries()) {
      await openFromMenu(w.page, lang, i + 1, c);
      // English answers rightly, Chinese wrongly: both verdicts are seen.
      await readAll(w.page, lang, c, lang === 'en');
      if (c.id === 'cast') {
        // As a person does it: the fault menu on the node, then Play.
        await w.page.locator('[data-node="worker-2"]').click({ button: 'right' });
        await w.page.getByRole('menuitem', { name: said(lang, 'fault_kill') }).click();
        await w.page.keyboard.press('Space');
      } else {
        await w.page.evaluate(async (f) => {
          const s = (window as unknown as Win).spark;
          await s.inject(f);
          await s.run(s.world().time + 200_000);
        }, askedFault(c));
      }
      await expect
        .poll(() => w.page.locator('.chapter .verdict').textContent(), { timeout: 20_000 })
        .toContain(said(lang, 'chapter_try_passed'));
      await w.page.evaluate(() => (window as unknown as Win).spark.pause());
    }
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  }, 240_000);

  it('"try it yourself" says so when the learner does something else, and Try again starts it over', async () => {
    const w = await watchedPage(site.browser, site.url);
    const c = chapters[2];
    await openApp(w, site.url, `?chapter=${c.id}&step=${c.steps.length + 1}&lang=${lang}`);
    await expect
      .poll(() => w.page.locator('.chapter .verdict').textContent())
      .toContain(said(lang, 'chapter_try_waiting'));
    await w.page.locator('[data-node="master-1"]').click({ button: 'right' });
    await w.page.getByRole('menuitem', { name: said(lang, 'fault_restart') }).click();
    await w.page.keyboard.press('Space');
    await expect
      .poll(() => w.page.locator('.chapter .verdict').textContent())
      .toContain(said(lang, 'chapter_try_other'));
    await w.page.getByRole('button', { name: said(lang, 'chapter_try_again') }).click();
    await expect
      .poll(() => w.page.locator('.chapter .verdict').textContent())
      .toContain(said(lang, 'chapter_try_waiting'));
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });
});

describe('chapter links and keys', () => {
  it('a deep link opens the step in its language; switching language keeps the moment; Escape leaves for free play', async () => {
    const w = await watchedPage(site.browser, site.url);
    const c = chapters.find((x) => x.id === 'heartbeats') as Chapter;
    const r = stepsOf(c);
    await openApp(w, site.url, `?chapter=heartbeats&step=5&lang=zh-CN`);
    await expect.poll(() => caption(w.page)).toBe(said('zh-CN', captionKey(c, c.steps[4])));
    expect(await cursor(w.page)).toBe(r.cursors[4]);
    expect(await w.page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await w.page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => caption(w.page)).toBe(said('en', captionKey(c, c.steps[4])));
    expect(await cursor(w.page)).toBe(r.cursors[4]);
    await expect.poll(() => new URL(w.page.url()).search).toBe('?chapter=heartbeats&step=5&lang=en');
    // → and PageDown step on, ← steps back, as a clicker does.
    await w.page.keyboard.press('ArrowRight');
    await expect.poll(() => cursor(w.page)).toBe(r.cursors[5]);
    await w.page.keyboard.press('PageUp');
    await expect.poll(() => cursor(w.page)).toBe(r.cursors[4]);
    // The console lists the chapters in the page's language.
    const listed = await w.page.evaluate(() => (window as unknown as Win).spark.chapters());
    expect(listed.map((x) => x.id)).toEqual(chapters.map((x) => x.id));
    expect(listed[2]).toEqual({ id: 'heartbeats', title: said('en', 'ch_hb_title'), steps: c.steps.length });
    // Escape: free play from this very moment, every control working.
    await w.page.keyboard.press('Escape');
    await expect.poll(() => w.page.locator('.chapter').count()).toBe(0);
    expect(await cursor(w.page)).toBe(r.cursors[4]);
    await w.page.keyboard.press('ArrowRight');
    await expect.poll(() => cursor(w.page)).toBe(r.cursors[4] + 1);
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });

  it('a wrong chapter or step in the address is named, and the page still opens', async () => {
    const w = await watchedPage(site.browser, site.url);
    await openApp(w, site.url, `?chapter=nope&lang=en`);
    await expect.poll(() => w.page.getByRole('alert').textContent()).toContain('chapter: "nope" is not one of cast');
    await openApp(w, site.url, `?chapter=cast&step=99&lang=en`);
    await expect
      .poll(() => w.page.getByRole('alert').textContent())
      .toContain('step: expected a whole number from 1 to 7, got "99"');
    await expect.poll(() => w.page.locator('.chapter .where').textContent()).toBe('Step 1 of 6');
    const bad = await w.page.evaluate(() =>
      (window as unknown as Win).spark.chapter('cast', 0).then(
        () => 'accepted',
        (e: Error) => e.message,
      ),
    );
    expect(bad).toBe('chapter: step: expected a whole number from 1 to 7, got 0');
    await w.page.close();
  });
});

describe('the map while a chapter pauses on messages in the air', () => {
  it("no message label covers a node's name", async () => {
    const w = await watchedPage(site.browser, site.url);
    // High availability, step 8: MasterChanged and its answers leave and reach their nodes.
    await openApp(w, site.url, '?chapter=high-availability&step=8&lang=en');
    await w.page.locator('.chapter .caption').first().waitFor();
    await expect.poll(() => w.page.locator('.dots text').count()).toBeGreaterThan(1);
    const overlaps = await w.page.evaluate(() => {
      const names = [...document.querySelectorAll('.node text:first-of-type')].map((t) => [
        t.textContent,
        t.getBoundingClientRect(),
      ]) as [string, DOMRect][];
      const labels = [...document.querySelectorAll('.dots text')].map((t) => [
        t.textContent,
        t.getBoundingClientRect(),
      ]) as [string, DOMRect][];
      const hit = (a: DOMRect, b: DOMRect) =>
        a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
      return labels.flatMap(([l, a]) => names.filter(([, b]) => hit(a, b)).map(([n]) => `${l} over ${n}`));
    });
    expect(overlaps).toEqual([]);
    await w.page.close();
  });
});

describe('presenter mode and embedding', () => {
  it('presenter mode at 1024×768: large caption, only the map and the caption, "." and PageDown step, P leaves it', async () => {
    const w = await watchedPage(site.browser, site.url);
    await w.page.setViewportSize({ width: 1024, height: 768 });
    const c = chapters[0];
    const r = stepsOf(c);
    await openApp(w, site.url, `?chapter=cast&step=1&lang=zh-CN&present`);
    await expect.poll(() => caption(w.page)).toBe(said('zh-CN', captionKey(c, c.steps[0])));
    const size = await w.page
      .locator('.chapter .caption')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    expect(await w.page.getByRole('button', { name: said('zh-CN', 'chapters') }).isVisible()).toBe(false);
    expect(await w.page.locator('.log').isVisible()).toBe(false);
    expect(await w.page.locator('.side').isVisible()).toBe(false);
    const map = await w.page.locator('.topology').boundingBox();
    expect(map && map.height).toBeGreaterThan(200);
    await w.page.keyboard.press('.');
    await expect.poll(() => cursor(w.page)).toBe(r.cursors[1]);
    await w.page.keyboard.press('PageDown');
    await expect.poll(() => cursor(w.page)).toBe(r.cursors[2]);
    expect(new URL(w.page.url()).search).toContain('present');
    await w.page.keyboard.press('p');
    await expect.poll(() => w.page.getByRole('button', { name: said('zh-CN', 'chapters') }).isVisible()).toBe(true);
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });

  it('presenter mode at 1280×720: the map drawn larger, its nodes still clicked where they are, the exit button over no node, the chapters at hand, Escape leaves', async () => {
    const w = await watchedPage(site.browser, site.url);
    await w.page.setViewportSize({ width: 1280, height: 720 });
    const nameHeight = () =>
      w.page
        .locator('[data-node="worker-1"] text')
        .first()
        .evaluate((el) => el.getBoundingClientRect().height);
    await openApp(w, site.url, '?scenario=04-zookeeper-failover&seed=1&lang=en');
    const plain = await nameHeight();
    await w.page.getByRole('button', { name: 'Present', exact: true }).click();
    await expect.poll(nameHeight).toBeGreaterThan(plain * 1.3);
    // The way out sits above the map, over none of its nodes.
    const exit = (await w.page.getByRole('button', { name: /Leave presenter mode/ }).boundingBox())!;
    const map = (await w.page.locator('.topology').boundingBox())!;
    expect(exit.y + exit.height).toBeLessThanOrEqual(map.y + 1);
    // A node is where it is drawn: a right-click on it opens its own menu, beside it.
    const zk = w.page.locator('[data-node="zk"]');
    const box = (await zk.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    await w.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
    await expect.poll(() => w.page.getByRole('menu').getAttribute('aria-label')).toContain('zk');
    await w.page.keyboard.press('Escape');
    expect(await w.page.getByRole('menu').count()).toBe(0);
    expect(await w.page.getByRole('button', { name: /Leave presenter mode/ }).isVisible()).toBe(true);
    // The chapters are at hand (the header is hidden).
    expect(await w.page.getByRole('button', { name: said('en', 'chapters') }).isVisible()).toBe(true);
    // Escape, with no menu open, leaves presenter mode, a node selected or not.
    await zk.click();
    await w.page.keyboard.press('Escape');
    await expect.poll(() => w.page.getByRole('button', { name: 'Present', exact: true }).isVisible()).toBe(true);
    expect(new URL(w.page.url()).search).not.toContain('present');
    await expect.poll(nameHeight).toBeLessThan(plain * 1.1);
    expect(w.consoleErrors).toEqual([]);
    await w.page.close();
  });

  it('embedded in an 800×500 frame: no header, the caption and the map fit, and a link opens the full page', async () => {
    const w = await watchedPage(site.browser, site.url);
    await w.page.setViewportSize({ width: 900, height: 600 });
    await w.page.goto(`${site.url}/`, { waitUntil: 'networkidle' });
    await w.page.setContent(
      `<iframe src="${site.url}/?chapter=heartbeats&step=5&lang=en&embed" width="800" height="500" style="border:0"></iframe>`,
    );
    const frame = w.page.frameLocator('iframe');
    await frame.locator('.chapter .caption').first().waitFor();
    expect(await frame.getByRole('button', { name: said('en', 'chapters') }).isVisible()).toBe(false);
    const map = await frame.locator('.topology').boundingBox();
    const panel = await frame.locator('.chapter').boundingBox();
    expect(map && map.height).toBeGreaterThan(120);
    expect(panel && panel.y + panel.height).toBeLessThanOrEqual(500);
    const link = frame.getByRole('link', { name: /Open in the visualizer/ });
    expect(await link.getAttribute('href')).toBe('/?chapter=heartbeats&step=5&lang=en');
    await w.page.close();
  });
});
