/**
 * `npm run preview` serves the built site cross-origin isolated (the middleware in vite.config.ts),
 * as `static/_headers` asks static hosts to: the page, its scripts and its worker all carry the
 * headers, and the page then runs the Web Worker runtime through shared memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preview, type PreviewServer } from 'vite';
import { launch, openApp, watchedPage } from './harness';

let server: PreviewServer;
let url: string;

beforeAll(async () => {
  server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
  url = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
});

afterAll(async () => {
  await server?.close();
});

describe('npm run preview', () => {
  it('sends the isolation headers with every response', async () => {
    for (const path of ['/', '/_app/version.json']) {
      const r = await fetch(url + path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(r.headers.get('cross-origin-embedder-policy'), path).toBe('require-corp');
    }
  });

  it('runs the Web Worker runtime through shared memory', async () => {
    const browser = await launch();
    try {
      const w = await watchedPage(browser, url);
      await openApp(w, url);
      const r = await w.page.evaluate(() => ({
        isolated: crossOriginIsolated,
        transport: (window as unknown as { spark: { transport: string | null } }).spark.transport,
      }));
      expect(r).toEqual({ isolated: true, transport: 'shared-memory' });
      expect(w.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
