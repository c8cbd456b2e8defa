/**
 * An example scenario's name and description in the reader's language: the catalog's words for a
 * shipped example (`example_<file>_name`, `…_description`), else the scenario's own (a scenario a
 * user wrote, a run file, a log, is shown as written).
 */
import { text } from '../i18n/text';

/** `10-gpus-and-resource-profiles.json` → `example_10_gpus_and_resource_profiles`. */
export const exampleKey = (file: string): string =>
  `example_${file
    .replace(/\.json$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')}`;

export function exampleName(file: string | null, own: string): string {
  return file ? text(`${exampleKey(file)}_name`, own) : own;
}

export function exampleDescription(file: string | null, own: string): string {
  return file ? text(`${exampleKey(file)}_description`, own) : own;
}
