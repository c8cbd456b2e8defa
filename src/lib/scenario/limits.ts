/**
 * How large a scenario may be: the sizes past which a run would freeze the page or run out of
 * memory are refused when the scenario is read, with a message naming the field, instead of
 * hanging later. Documented in docs/scenario-format.md ("Limits"); the New cluster form and the
 * console take theirs from here.
 */

/** Masters in one scenario (Spark runs two or three in practice). */
export const MAX_MASTERS = 16;
/**
 * Workers in one scenario, every `count` expanded. Spark's own schedule() sorts every usable
 * worker for each waiting app on each registration, so a cluster with apps starts in
 * O(workers² log workers); one without (the New cluster form's) registers 10,000 workers in 4 s
 * of CPU for its first virtual minute, and the page plays them at 60 fps.
 */
export const MAX_WORKERS = 10_000;
/** Applications, and drivers, in one scenario. */
export const MAX_APPS = 1_000;
export const MAX_DRIVERS = 1_000;
/** Faults, and submission-client requests, in one scenario. */
export const MAX_FAULTS = 10_000;
export const MAX_REQUESTS = 10_000;
/** Any duration in a scenario (`until`, `at`, a pause): a virtual week. */
export const MAX_DURATION_MS = 7 * 24 * 3_600_000;
/** A worker's cores, and its memory in MB (1 PiB). */
export const MAX_CORES = 100_000;
export const MAX_MEMORY_MB = 1024 ** 3;
/** A scenario's name, and its description, in characters. */
export const MAX_NAME_CHARS = 200;
export const MAX_DESCRIPTION_CHARS = 10_000;
/** Events in one run (a run file's `events`, a seek): about 6 virtual hours of 1,000 workers ×7. */
export const MAX_RUN_EVENTS = 20_000_000;
/** Custom resources a worker has, or an executor or a driver takes (GPUs, FPGAs…), and addresses of each. */
export const MAX_RESOURCES = 16;
export const MAX_RESOURCE_ADDRESSES = 1_024;
/** Resource profiles an app has beyond the default. */
export const MAX_RESOURCE_PROFILES = 16;
