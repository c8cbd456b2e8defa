/**
 * The example scenarios shipped with the site, bundled at build time from `scenarios/*.json`.
 * Sorted by file name; the first is the default.
 */
const files = import.meta.glob('/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>;

export interface CatalogEntry {
  file: string;
  doc: unknown;
}

export const catalog: CatalogEntry[] = Object.entries(files)
  .map(([path, doc]) => ({ file: path.slice(path.lastIndexOf('/') + 1), doc }))
  .sort((a, b) => (a.file < b.file ? -1 : 1));

export const defaultScenario = catalog[0];
