/**
 * End-to-end harness: serves the built static site (`build/`) from a plain static file server on
 * 127.0.0.1, and drives Debian's Chromium through playwright-core. Every test records console
 * errors and any request that leaves the page's origin.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

const ROOT = join(process.cwd(), 'build');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
  '.webmanifest': 'application/manifest+json',
};

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Serves `build/`. `isolated` adds the headers that make the page cross-origin isolated (as
 * `static/_headers` asks of hosts): the Web Worker runtime then shares memory with its threads, and
 * the page's clock reads to 5 µs instead of 100 µs with jitter (too coarse to tell a 16.7 ms frame
 * from 16.8). Without them the runtime uses postMessage alone, as on hosts that cannot set headers.
 */
export function startServer(opts: { isolated?: boolean } = {}): Promise<{ server: Server; url: string }> {
  const isolation: Record<string, string> = opts.isolated
    ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }
    : {};
  if (!existsSync(join(ROOT, 'index.html'))) throw new Error('build/index.html is missing: run `npm run build` first');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(ROOT, path));
    if (!file.startsWith(ROOT)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...isolation });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    }),
  );
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface Watched {
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
}

/** A new page that records console errors, page errors and requests leaving `origin`. */
export async function watchedPage(browser: Browser, origin: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreignRequests.push(u);
  });
  return { page, consoleErrors, foreignRequests };
}

/** Opens the page (with an address query) and waits until `window.spark` has a run loaded. */
export async function openApp(w: Watched, url: string, query = ''): Promise<void> {
  await w.page.goto(`${url}/${query}`, { waitUntil: 'networkidle' });
  await w.page.waitForFunction(() => (window as unknown as { spark?: { runtime: string | null } }).spark?.runtime);
}

/**
 * The built site served and a browser launched for a test file's (or a `describe`'s) duration.
 * Read `url` and `browser` inside tests (they are set by `beforeAll`).
 */
export function useSite(opts: { isolated?: boolean } = {}): { url: string; browser: Browser } {
  const site = {} as { url: string; browser: Browser };
  let server: Server | undefined;
  beforeAll(async () => {
    ({ server, url: site.url } = await startServer(opts));
    site.browser = await launch();
  });
  afterAll(async () => {
    await site.browser?.close();
    server?.close();
  });
  return site;
}
