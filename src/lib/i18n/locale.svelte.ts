/**
 * The page's language. Paraglide compiles the catalogs (`messages/*.json`) into one function per
 * message; each reads the locale through `getLocale()`, which here reads a rune, so switching the
 * language re-renders every text at once, without a reload and without losing the run.
 */
import { baseLocale, isLocale, locales, overwriteGetLocale, type Locale } from '../paraglide/runtime.js';

let current = $state<Locale>(baseLocale);
overwriteGetLocale(() => current);

export { locales, isLocale, type Locale };

export function locale(): Locale {
  return current;
}

export function setLocale(l: Locale): void {
  current = l;
}

/**
 * The language to start in: the address's `?lang=`, else the one kept from the last visit, else
 * the browser's first language we have (Chinese of any region reads Simplified Chinese here).
 */
export function detectLocale(fromUrl: string | null, stored: string | null, languages: readonly string[]): Locale {
  if (fromUrl !== null && isLocale(fromUrl)) return fromUrl;
  if (stored !== null && isLocale(stored)) return stored;
  for (const lang of languages) {
    if (isLocale(lang)) return lang;
    if (/^zh\b/i.test(lang)) return 'zh-CN';
    if (/^en\b/i.test(lang)) return 'en';
  }
  return baseLocale;
}
