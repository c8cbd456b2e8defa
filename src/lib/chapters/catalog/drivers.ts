/** Chapter 7, drivers in cluster mode: `RequestSubmitDriver`, `LaunchDriver`, a supervised driver relaunched. */
import { DRIVER_RUNNER, MASTER, ref, SUBMIT_CLIENT, WORKER } from '../../spark/refs';
import type { Chapter } from '../chapter';

export const drivers: Chapter = {
  id: 'drivers',
  key: 'drv',
  scenario: '08-supervised-driver-relaunch.json',
  steps: [
    {
      id: 'submit',
      anchor: { deliver: 'RequestSubmitDriver', to: 'master-1' },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'receiveAndReply', 'RequestSubmitDriver'),
    },
    {
      id: 'answer',
      anchor: { deliver: 'SubmitDriverResponse', to: 'client' },
      highlight: { node: 'client' },
      source: ref(SUBMIT_CLIENT, 'receive'),
    },
    {
      id: 'launch',
      anchor: { timer: 'DriverProcessStarted', node: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(DRIVER_RUNNER, 'runDriver'),
    },
    { id: 'kill', anchor: { fault: 'kill', target: 'worker-1' }, highlight: { node: 'worker-1' } },
    {
      id: 'relaunch',
      anchor: { log: /got disassociated, removing it/, node: 'master-1', before: true },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'relaunchDriver'),
      predict: { choices: 4, answer: 2 },
    },
    {
      id: 'again',
      anchor: { deliver: 'LaunchDriver', to: 'worker-2' },
      highlight: { node: 'worker-2' },
      source: ref(WORKER, 'receive', 'LaunchDriver'),
    },
  ],
  tryIt: {
    fault: { action: 'kill', target: 'worker-2' },
    expect: { log: /^Re-launching driver/, node: 'master-1' },
    withinMs: 30_000,
  },
};
