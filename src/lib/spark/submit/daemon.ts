/**
 * The submission client (`spark-submit --deploy-mode cluster`), as the rest of the product sees it
 * (`DaemonDescriptor`): a box in the side column and the drivers the masters accepted from it.
 */
import { daemon, table } from '../daemon';
import type { SubmitParams, SubmitState } from './client';

const submitted = table<SubmitState, SubmitState['submitted'][number]>({
  key: 'drivers',
  rows: (s) => s.submitted,
  id: (d) => d.driverId,
  cols: [{ key: 'id' }, { key: 'submission' }],
  values: (d) => [d.driverId, d.index + 1],
});

export const submitDaemon = daemon<SubmitState, SubmitParams>({
  kind: 'submit',
  label: 'daemon_submit',
  draw: { place: 'side', shape: 'box', order: 1 },
  lane: 1,
  facts: (p) => ({ drivers: p.drivers.length }),
  status: {
    cols: [{ key: 'submitted' }, { key: 'answers' }],
    values: (s) => [s.submitted.length, s.replies.length],
  },
  tables: [submitted],
  badge: 'submitted',
});
