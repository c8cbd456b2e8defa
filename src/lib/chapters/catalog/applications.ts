/** Chapter 5, applications and executors: `RegisterApplication`, `schedule()` with spreadOut, `LaunchExecutor`. */
import { APP_CLIENT, EXECUTOR_RUNNER, MASTER, ref, WORKER } from '../../spark/refs';
import type { Chapter } from '../chapter';

export const applications: Chapter = {
  id: 'applications',
  key: 'apps',
  scenario: '06-spread-out.json',
  steps: [
    { id: 'client', anchor: { start: 'app-1' }, highlight: { node: 'app-1' }, source: ref(APP_CLIENT, 'onStart') },
    {
      id: 'schedule',
      anchor: { deliver: 'RegisterApplication', to: 'master-1', from: 'app-1', before: true },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'schedule'),
      predict: { choices: 3, answer: 2 },
    },
    {
      id: 'launch',
      anchor: { deliver: 'LaunchExecutor', to: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'receive', 'LaunchExecutor'),
    },
    {
      id: 'added',
      anchor: { deliver: 'ExecutorAdded', to: 'app-1' },
      highlight: { node: 'app-1' },
      source: ref(APP_CLIENT, 'receive', 'ExecutorAdded'),
    },
    {
      id: 'running',
      anchor: { deliver: 'ExecutorStateChanged', to: 'master-1' },
      highlight: { node: 'master-1' },
      source: ref(EXECUTOR_RUNNER, 'fetchAndRunExecutor'),
    },
    {
      id: 'second',
      anchor: { deliver: 'RegisterApplication', to: 'master-1', from: 'app-2' },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'schedule'),
    },
  ],
  tryIt: {
    fault: { action: 'kill', target: 'worker-3' },
    expect: { log: /is now LOST/, node: 'app-1' },
    withinMs: 60_000,
  },
};
