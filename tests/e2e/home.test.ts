import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { launch, startServer, watchedPage } from './harness';
import { loadScenario } from '../../src/lib/scenario/load';
import { createInProcessSession } from '../../src/lib/runtime/inprocess';
import { readFileSync } from 'node:fs';

let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  ({ server, url } = await startServer());
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('the first page', () => {
  it('loads, runs the default scenario with the same hash as the CLI, logs no error and stays on its origin', async () => {
    const { page, consoleErrors, foreignRequests } = await watchedPage(browser, url);
    await page.goto(url, { waitUntil: 'networkidle' });
    expect(await page.locator('h1').textContent()).toBe('Spark Standalone Visualizer');
    const hash = await page.getByTestId('trace-hash').textContent({ timeout: 30_000 });

    const loaded = loadScenario(readFileSync('scenarios/01-register-three-workers.json', 'utf8'));
    if (!loaded.ok) throw new Error('default scenario invalid');
    const s = createInProcessSession(loaded.scenario);
    s.sim.runUntil(loaded.scenario.until ?? 120_000);
    expect(hash).toBe(s.sim.hash());

    expect(await page.getByTestId('log').textContent()).toContain(
      'INFO Master: I have been elected leader! New state: ALIVE',
    );
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await page.close();
  });
});
