import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Cross-origin isolation for `npm run dev` and `npm run preview`: lets the Web Worker runtime share
 * memory with its threads (see docs/console-api.md, "Fast lockstep"). A middleware, placed before
 * SvelteKit's, so that the pages it serves get the headers too; `static/_headers` asks static
 * hosts for the same.
 */
function crossOriginIsolation(): Plugin {
  const headers: Connect.NextHandleFunction = (_req, res, next) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    next();
  };
  return {
    name: 'cross-origin-isolation',
    configureServer: (server) => void server.middlewares.use(headers),
    configurePreviewServer: (server) => void server.middlewares.use(headers),
  };
}

export default defineConfig({
  // The message catalogs (messages/*.json) compile to src/lib/paraglide (project.inlang holds the settings).
  plugins: [crossOriginIsolation(), paraglideVitePlugin({ project: './project.inlang' }), sveltekit()],
  worker: { format: 'es' },
  // PROFILE=1 npm run build: readable names in the browser's profiles and heap snapshots.
  build: process.env.PROFILE ? { minify: false } : {},
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/lib/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          setupFiles: ['tests/unit/setup.ts'],
        },
      },
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['tests/component/**/*.test.ts'],
          setupFiles: ['tests/component/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
