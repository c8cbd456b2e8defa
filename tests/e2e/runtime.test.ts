/**
 * The Web Worker runtime in Chromium: the same trace hash as the in-process runtime (computed here
 * in Node) for every scenario and for 50 random clusters with random fault schedules; crash paths;
 * pooling; runtime selection; and `window.spark` refusing bad input without losing the run.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openApp, useSite, watchedPage, type Watched } from './harness';
import { catalog } from '../../src/lib/scenario/catalog';
import { loadScenario, runLength } from '../../src/lib/scenario/load';
import { inProcessHash } from '../unit/support/in-process-hash';
import { uniformCluster } from '../../src/lib/scenario/uniform-cluster';
import { clusterArb, clusterDoc, clusterScenario } from '../unit/support/random-cluster';
import type { SparkConsole } from '../../src/lib/view/console-api';

type Win = { spark: SparkConsole };

async function pageHash(page: Page, doc: unknown, until: number, opts: Record<string, unknown> = {}): Promise<string> {
  return page.evaluate(
    async ([d, t, o]) => {
      const s = (window as unknown as Win).spark;
      await s.load(d, o as never);
      await s.run(t as number);
      return s.hash();
    },
    [doc, until, opts] as const,
  );
}

/** The site and a page of it, opened before the tests of the enclosing `describe`. */
function usePage(isolated: boolean): { site: { url: string; browser: Browser }; w: Watched } {
  const p = { site: useSite({ isolated }) } as { site: { url: string; browser: Browser }; w: Watched };
  beforeAll(async () => {
    p.w = await watchedPage(p.site.browser, p.site.url);
    await openApp(p.w, p.site.url);
  });
  return p;
}

// Served as hosts without headers serve it (postMessage alone), and cross-origin isolated as with
// `static/_headers` (requests through shared memory): the same traces either way.
describe.each([
  { transport: 'postMessage', isolated: false },
  { transport: 'shared-memory', isolated: true },
] as const)('Web Worker runtime over $transport', ({ transport, isolated }) => {
  const p = usePage(isolated);

  it('gives the in-process hash for every scenario in scenarios/', async () => {
    for (const c of catalog) {
      const r = loadScenario(c.doc);
      if (!r.ok) throw new Error(c.file);
      expect(await pageHash(p.w.page, c.doc, runLength(r.scenario)), c.file).toBe(inProcessHash(r.scenario));
    }
    expect(await p.w.page.evaluate(() => (window as unknown as Win).spark.runtime)).toBe('workers');
    expect(await p.w.page.evaluate(() => (window as unknown as Win).spark.transport)).toBe(transport);
  });

  it('gives the in-process hash for 50 random clusters, seeds and fault schedules', async () => {
    const shapes = fc.sample(clusterArb, { seed: 4242, numRuns: 50 });
    for (const c of shapes) {
      const s = clusterScenario(c);
      expect(
        await pageHash(p.w.page, clusterDoc(c), runLength(s), { threads: 1 + (c.seed % 4) }),
        JSON.stringify(c),
      ).toBe(inProcessHash(s));
    }
    expect(p.w.consoleErrors).toEqual([]);
  });

  it("kill terminates a daemon's Web Worker and restart spawns a fresh one", async () => {
    const r = await p.w.page.evaluate(async (doc) => {
      const s = (window as unknown as Win).spark;
      await s.load(doc, { threads: 16 });
      await s.run(10_000);
      const before = s.threads();
      await s.inject({ action: 'kill', target: 'worker-2' });
      await s.run(11_000);
      const afterKill = s.threads();
      await s.inject({ action: 'restart', target: 'worker-2' });
      await s.run(40_000);
      return { before, afterKill, afterRestart: s.threads(), state: await s.state('worker-2') };
    }, catalog[0].doc);
    expect(r.afterKill).toBe(r.before - 1);
    expect(r.afterRestart).toBe(r.before);
    expect(JSON.stringify(r.state)).toContain('"registered":true');
  });

  it('a daemon that throws, and a Web Worker that dies, show as crashed daemons with the error; the run goes on', async () => {
    const r = await p.w.page.evaluate(async (doc) => {
      const s = (window as unknown as Win).spark;
      await s.load(doc, { threads: 16 });
      await s.run(10_000);
      await s.inject({ action: 'throw', target: 'worker-1', message: 'injected bug' });
      await s.run(12_000);
      const died = s.killThread('worker-3', 'simulated out-of-memory');
      await s.run(60_000);
      const downs = s
        .trace()
        .flatMap((e) => e.fx)
        .filter((f) => f.k === 'down' || (f.k === 'log' && f.logger === 'kernel'));
      return { died, downs, end: s.trace().at(-1)?.t, alive: await s.state('worker-2') };
    }, catalog[0].doc);
    expect(r.died).toBe(true);
    expect(r.downs).toContainEqual(expect.objectContaining({ k: 'log', text: 'Uncaught exception: injected bug' }));
    expect(r.downs).toContainEqual(
      expect.objectContaining({ k: 'down', node: 'worker-1', reason: 'crashed: injected bug' }),
    );
    expect(r.downs).toContainEqual(
      expect.objectContaining({ k: 'down', node: 'worker-3', reason: 'Web Worker died: simulated out-of-memory' }),
    );
    expect(r.end).toBeGreaterThan(50_000);
    expect(JSON.stringify(r.alive)).toContain('"registered":true');
  });

  it('pools 200 workers onto a few Web Workers with the in-process hash', async () => {
    const doc = uniformCluster({ workers: 200, cores: 4, memory: '4g', seed: 5 });
    const r = loadScenario(doc);
    if (!r.ok) throw new Error('bad doc');
    const got = await p.w.page.evaluate(async (d) => {
      const s = (window as unknown as Win).spark;
      await s.load(d, { threads: 4 });
      await s.run(60_000);
      return { hash: s.hash(), threads: s.threads() };
    }, doc);
    expect(got.threads).toBe(4);
    expect(got.hash).toBe(inProcessHash(r.scenario, 60_000));
  });
});

describe('Web Worker runtime, idle', () => {
  const p = usePage(true);

  it('a big cluster left idle ends its Web Workers, and the next run wakes them with the in-process hash', async () => {
    const doc = uniformCluster({ workers: 150, cores: 4, memory: '4g', seed: 7 });
    const r = loadScenario(doc);
    if (!r.ok) throw new Error('bad doc');
    const cdp = await p.site.browser.newBrowserCDPSession();
    const daemonThreads = async () =>
      (await cdp.send('Target.getTargets')).targetInfos.filter(
        (t) => t.type === 'worker' && /daemon/.test(t.title + t.url),
      ).length;
    const first = await pageHash(p.w.page, doc, 60_000, { threads: 3 });
    expect(first).toBe(inProcessHash(r.scenario, 60_000));
    const running = await daemonThreads();
    expect(running).toBeGreaterThanOrEqual(3);
    // Nothing asked of the run for a few seconds: its three threads end.
    await expect.poll(daemonThreads, { timeout: 20_000, interval: 1000 }).toBe(running - 3);
    const woken = await p.w.page.evaluate(async () => {
      const s = (window as unknown as Win).spark;
      await s.run(90_000);
      return { hash: s.hash(), threads: s.threads() };
    });
    expect(woken).toEqual({ hash: inProcessHash(r.scenario, 90_000), threads: 3 });
    expect(await daemonThreads()).toBe(running);
    expect(p.w.consoleErrors).toEqual([]);
    await cdp.detach();
  });
});

describe('Web Worker runtime, choosing and loading', () => {
  const p = usePage(false);

  it('?runtime=inprocess selects the in-process runtime', async () => {
    const other = await watchedPage(p.site.browser, p.site.url);
    await openApp(other, p.site.url, '?runtime=inprocess');
    expect(await other.page.evaluate(() => (window as unknown as Win).spark.runtime)).toBe('inprocess');
    await expect.poll(() => other.page.locator('.runtime').textContent()).toContain('in-process');
    // Picking another scenario keeps the runtime the address asked for.
    await other.page.getByRole('combobox', { name: 'Scenario' }).selectOption('02-worker-timeout-and-reconnect.json');
    await expect.poll(() => other.page.evaluate(() => (window as unknown as Win).spark.world().nodes.length)).toBe(3);
    expect(await other.page.evaluate(() => (window as unknown as Win).spark.runtime)).toBe('inprocess');
    await other.page.close();
  });

  it("load rejects bad input with the CLI's message and keeps the loaded run", async () => {
    const r = await p.w.page.evaluate(async (doc) => {
      const s = (window as unknown as Win).spark;
      await s.load(doc);
      await s.run(20_000);
      const before = { hash: s.hash(), cursor: s.cursor() };
      const errors: string[] = [];
      for (const bad of [
        '{"version": 1,',
        {
          version: 1,
          name: 'x',
          description: 'y',
          seed: 1,
          masters: [],
          workers: [{ host: 'w', port: 1, cores: -2, memory: '1g' }],
        },
      ]) {
        try {
          await s.load(bad);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
      return {
        before,
        after: { hash: s.hash(), cursor: s.cursor() },
        errors,
        banner: document.querySelector('.error pre')?.textContent,
      };
    }, catalog[0].doc);
    expect(r.errors[0]).toMatch(/^load: not valid JSON at line 1, column \d+/);
    expect(r.errors[1]).toMatch(/workers\[0\]\.cores/);
    expect(r.banner).toBe(r.errors[1]);
    expect(r.after).toEqual(r.before);
  });
});
