/**
 * `npm run screenshots` (after `npm run build`): the page at a projector's 1280×720, a desktop's
 * 1920×1080 and a 390×844 phone, in the light and the dark theme, in English and Chinese, written
 * to docs/screens/. The ZooKeeper failover, just after the leader was killed: a standby master
 * recovers the cluster (its MasterChanged in the air), with timer rings and the inspector open.
 * Then a New cluster of 10,000 workers, painted on the canvas, a few of them killed and found DEAD.
 * Then the README's other figures, in docs/: the Master's statechart enlarged as a restarted
 * master is elected, two real logs replayed, and a chapter in each language.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, startServer } from '../tests/e2e/harness';
import { uniformCluster } from '../src/lib/scenario/uniform-cluster';

const SHOTS = [
  { w: 1280, h: 720, theme: 'light', lang: 'en' },
  { w: 1280, h: 720, theme: 'dark', lang: 'zh-CN' },
  { w: 1920, h: 1080, theme: 'light', lang: 'zh-CN' },
  { w: 1920, h: 1080, theme: 'dark', lang: 'en' },
  { w: 390, h: 844, theme: 'light', lang: 'zh-CN' },
  { w: 390, h: 844, theme: 'dark', lang: 'en' },
] as const;

type Win = {
  spark: {
    load(doc: unknown): Promise<unknown>;
    run(ms: number): Promise<unknown>;
    inject(f: unknown): Promise<void>;
    seek(i: number): Promise<number>;
    trace(): { kind: string; msg?: string }[];
  };
};

const dir = 'docs/screens';
mkdirSync(dir, { recursive: true });
const { server, url } = await startServer();
const browser = await launch();
try {
  for (const s of SHOTS) {
    const phone = s.w < 600;
    const context = await browser.newContext({
      viewport: { width: s.w, height: s.h },
      ...(phone ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
    });
    await context.addInitScript((theme) => localStorage.setItem('theme', theme), s.theme);
    const page = await context.newPage();
    await page.goto(`${url}/?scenario=04-zookeeper-failover&lang=${s.lang}`, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => (window as unknown as { spark?: { runtime: unknown } }).spark?.runtime);
    await page.evaluate(async () => {
      const spark = (window as unknown as Win).spark;
      await spark.run(30_000);
      await spark.inject({ action: 'kill', target: 'master-1' });
      await spark.run(91_020);
      // The moment the new leader's MasterChanged reaches the first worker: the rest are in the air.
      const at = spark.trace().findIndex((e) => e.kind === 'deliver' && e.msg === 'MasterChanged');
      await spark.seek(at + 1);
    });
    const node = page.locator('[data-node="master-2"]');
    if (phone) await node.tap();
    else await node.click();
    await page.waitForTimeout(600);
    const file = `${dir}/${s.w}x${s.h}-${s.theme}-${s.lang}.png`;
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    await context.close();
  }

  // 10,000 workers: a hundred killed at 20 s are DEAD to the master a minute later.
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${url}/?lang=en`, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => (window as unknown as { spark?: { runtime: unknown } }).spark?.runtime);
  const doc = uniformCluster({ workers: 10_000, name: '1 master, 10,000 workers' });
  doc.faults = Array.from({ length: 100 }, (_, i) => ({ at: '20s', action: 'kill', target: `worker-${i * 97 + 13}` }));
  await page.evaluate(async (d) => {
    const spark = (window as unknown as Win).spark;
    await spark.load(d);
    await spark.run(150_000);
  }, doc);
  const grid = page.getByRole('button', { name: /10000 workers/ });
  const box = (await grid.boundingBox()) as { x: number; y: number };
  await page.mouse.click(box.x + 3, box.y + 3);
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${dir}/10000-workers-1280x720-light-en.png` });
  console.log(`wrote ${dir}/10000-workers-1280x720-light-en.png`);
  await page.close();

  const figure = async (query: string, file: string, lang = 'en') => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await p.goto(`${url}/${query}${query ? '&' : '?'}lang=${lang}`, { waitUntil: 'networkidle' });
    await p.waitForFunction(() => (window as unknown as { spark?: { runtime: unknown } }).spark?.runtime);
    return {
      page: p,
      shoot: async () => {
        await p.waitForTimeout(600);
        await p.screenshot({ path: `docs/${file}` });
        console.log(`wrote docs/${file}`);
        await p.close();
      },
    };
  };

  // The Master's statechart, enlarged, at the event that elects a restarted master.
  const chart = await figure('?scenario=05-filesystem-master-restart&seed=1', 'statechart.png');
  await chart.page.evaluate(async () => {
    const spark = (window as unknown as Win).spark;
    await spark.run(70_000);
    // The second election: master-1 restarted, with apps and workers persisted.
    const trace = spark.trace();
    let at = trace.length - 1;
    while (at >= 0 && !(trace[at].kind === 'deliver' && trace[at].msg === 'ElectedLeader')) at--;
    await spark.seek(at + 1);
  });
  await chart.page.locator('[data-node="master-1"]').click();
  await chart.page.getByRole('button', { name: 'Enlarge' }).click();
  await chart.page.locator('dialog .state.active').first().waitFor();
  // The lit arrow, clicked: the Spark code the election runs.
  await chart.page.locator('dialog g.edge.taken').first().click();
  await chart.shoot();

  // Two real logs of a Kubernetes cluster, opened with Open…, at their last line.
  const logs = await figure('', 'replay.png');
  const chooser = logs.page.waitForEvent('filechooser');
  await logs.page.getByRole('button', { name: 'Open…', exact: true }).click();
  const shared = (name: string) => fileURLToPath(new URL(`../../shared/spark-logs/${name}`, import.meta.url));
  await (
    await chooser
  ).setFiles([
    shared('27a-spark3.5.3-k8s-master-tail-workers-register-md-blockquote.log'),
    shared('27b-spark3.5.3-k8s-worker-connect-refused-retry-registered-md-blockquote.log'),
  ]);
  await logs.page.locator('.logbar').waitFor();
  await logs.page.keyboard.press('End');
  await logs.page.getByRole('button', { name: /differences? from Spark/ }).click();
  await logs.shoot();

  // A chapter in each language: a question before a worker times out; recovery after a failover.
  const en = await figure('?chapter=heartbeats&step=4', 'chapter-en.png');
  await en.page.locator('.chapter .choices button').first().waitFor();
  await en.shoot();
  const zh = await figure('?chapter=high-availability&step=7', 'chapter-zh-CN.png', 'zh-CN');
  await zh.page.locator('.chapter .caption').first().waitFor();
  await zh.shoot();
} finally {
  await browser.close();
  server.close();
}
