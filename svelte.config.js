import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
    // Relative asset paths: the built site works from any folder and from file-less static hosts.
    paths: { relative: true },
    // A Content-Security-Policy in the page (a <meta>: static hosts cannot all send headers). Scripts
    // only from this site, SvelteKit's own inline start-up script by its hash: no 'unsafe-inline' or
    // 'unsafe-eval' for scripts. Styles allow inline ones (Svelte and D3 set style attributes); the
    // daemon threads and the service worker are this site's own scripts; pictures are drawn from
    // blob: and data: URLs when the map is saved as PNG. Framing stays open (?embed in blog posts).
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'worker-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'connect-src': ['self'],
        'font-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['none'],
      },
    },
  },
};

export default config;
