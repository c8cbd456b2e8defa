import { defineConfig } from '@inlang/paraglide-js';
export default defineConfig({
  outdir: './src/lib/paraglide',
  // We own detection/persistence (?lang, localStorage, navigator.languages) in src/lib/locale.ts.
  // 'baseLocale' only: Paraglide never reads/writes cookies, URL paths or localStorage itself.
  strategy: ['baseLocale'],
});
