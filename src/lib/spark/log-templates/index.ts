/**
 * Spark's log templates, per daemon and per version: the one table the simulation prints from
 * (`render`) and the log reader recognizes with (`templateMatcher`).
 */
import type { LogLevel } from '../../sim/types';
import type { LogTemplate, Fields } from './template';
import { processOf, renderTemplate } from './template';
import { TemplateMatcher } from './matcher';
import { inRange } from './version';
import { MASTER_TEMPLATES } from './master';
import { WORKER_TEMPLATES } from './worker';
import { EXECUTOR_RUNNER_TEMPLATES } from './executor-runner';
import { DRIVER_RUNNER_TEMPLATES } from './driver-runner';
import { LEADER_ELECTION_TEMPLATES } from './leader-election';
import { PERSISTENCE_TEMPLATES } from './persistence';
import { APP_CLIENT_TEMPLATES } from './app-client';
import { SUBMIT_CLIENT_TEMPLATES } from './submit-client';
import { INFRA_TEMPLATES } from './infra';
import { AKKA_TEMPLATES } from './akka';
import { THIRD_PARTY_TEMPLATES } from './third-party';

export type { DaemonKind, Fields, FieldType, FieldValue, LogTemplate, Variant, Wording } from './template';
export { processOf, wordings } from './template';
export { TemplateMatcher, type TemplateMatch } from './matcher';
export { formatRam, ramToMegabytes } from './field-types';
export { compareVersions, formatRange, inRange, intersect, versionKey, type VersionRange } from './version';

export const LOG_TEMPLATES = [
  ...MASTER_TEMPLATES,
  ...WORKER_TEMPLATES,
  ...EXECUTOR_RUNNER_TEMPLATES,
  ...DRIVER_RUNNER_TEMPLATES,
  ...LEADER_ELECTION_TEMPLATES,
  ...PERSISTENCE_TEMPLATES,
  ...APP_CLIENT_TEMPLATES,
  ...SUBMIT_CLIENT_TEMPLATES,
  ...INFRA_TEMPLATES,
  ...AKKA_TEMPLATES,
  ...THIRD_PARTY_TEMPLATES,
] as const;

export type TemplateId = (typeof LOG_TEMPLATES)[number]['id'];

const BY_ID: ReadonlyMap<string, LogTemplate> = new Map(LOG_TEMPLATES.map((t) => [t.id, t]));

export function templateById(id: string): LogTemplate | undefined {
  return BY_ID.get(id);
}

/** The text Spark `version` prints for template `id` with these fields (throws if one is missing). */
export function render(id: TemplateId, fields: Readonly<Fields>, version: string): string {
  const t = BY_ID.get(id);
  if (!t) throw new Error(`no log template "${id}"`);
  return renderTemplate(t, fields, version);
}

/**
 * A whole log line of template `id` as Spark `version` prints it: level, logger and text (what
 * the simulation's `io.log(level, logger, text)` takes).
 */
export function renderLine(
  id: TemplateId,
  fields: Readonly<Fields>,
  version: string,
): { level: LogLevel; logger: string; text: string } {
  const t = BY_ID.get(id);
  if (!t) throw new Error(`no log template "${id}"`);
  return { level: t.level, logger: t.logger, text: renderTemplate(t, fields, version) };
}

/**
 * The line of template `id` as Spark `version` prints it, or null when that version has no such
 * line (a template of a later release): what the simulation prints, one lookup a line.
 */
export function printedLine(
  id: TemplateId,
  fields: Readonly<Fields>,
  version: string,
): { level: LogLevel; logger: string; text: string } | null {
  const t = BY_ID.get(id);
  if (!t) throw new Error(`no log template "${id}"`);
  if (t.versions !== undefined && !inRange(version, t.versions)) return null;
  return { level: t.level, logger: t.logger, text: renderTemplate(t, fields, version) };
}

let matcher: TemplateMatcher | undefined;

/** The compiled matcher over the whole table (compiled on first use). */
export function templateMatcher(): TemplateMatcher {
  return (matcher ??= new TemplateMatcher(LOG_TEMPLATES));
}

/**
 * The loggers of the daemons themselves (Master, Worker, their runners, agents and engines): the
 * lines the reader must recognize (≥ 95 % of them in every shared log).
 */
export const DAEMON_LOGGERS: ReadonlySet<string> = new Set(
  (LOG_TEMPLATES as readonly LogTemplate[])
    .filter((t) => processOf(t.daemon) === 'master' || processOf(t.daemon) === 'worker')
    .map((t) => t.logger),
);
