/** Chapter 6, executors that fail: `ExecutorStateChanged` FAILED, retries, `spark.deploy.maxExecutorRetries`. */
import { MASTER, ref, WORKER } from '../../spark/refs';
import type { Chapter } from '../chapter';

export const executorFailures: Chapter = {
  id: 'executor-failures',
  key: 'fail',
  scenario: '07-executor-failure-loop.json',
  steps: [
    {
      id: 'launch',
      anchor: { deliver: 'LaunchExecutor', to: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'receive', 'LaunchExecutor'),
    },
    {
      id: 'failed',
      anchor: { deliver: 'ExecutorStateChanged', to: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(WORKER, 'handleExecutorStateChanged'),
    },
    {
      id: 'again',
      anchor: { deliver: 'ExecutorStateChanged', to: 'master-1', before: true },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'receiveAndReply', 'ExecutorStateChanged'),
      predict: { choices: 4, answer: 2 },
    },
    {
      id: 'relaunch',
      anchor: { deliver: 'LaunchExecutor', to: 'worker-1' },
      highlight: { node: 'worker-1' },
      source: ref(MASTER, 'schedule'),
    },
    {
      id: 'removed',
      anchor: { log: /failed 10 times; removing it/, node: 'master-1' },
      highlight: { node: 'master-1' },
      source: ref(MASTER, 'removeApplication'),
    },
    {
      id: 'dead',
      anchor: { deliver: 'ApplicationRemoved', to: 'app-1' },
      highlight: { node: 'app-1' },
    },
  ],
  tryIt: {
    fault: { action: 'kill', target: 'worker-1' },
    expect: { log: /^Removing worker \S*worker1/, node: 'master-1' },
    withinMs: 60_000,
  },
};
