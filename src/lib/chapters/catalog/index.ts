/** Every chapter, in the order they are read. */
import type { Chapter } from '../chapter';
import { cast } from './cast';
import { registration } from './registration';
import { heartbeats } from './heartbeats';
import { highAvailability } from './high-availability';
import { applications } from './applications';
import { executorFailures } from './executor-failures';
import { drivers } from './drivers';
import { filesystemRecovery } from './filesystem-recovery';

export const chapters: readonly Chapter[] = [
  cast,
  registration,
  heartbeats,
  highAvailability,
  applications,
  executorFailures,
  drivers,
  filesystemRecovery,
];

export function chapterById(id: string): Chapter | undefined {
  return chapters.find((c) => c.id === id);
}
