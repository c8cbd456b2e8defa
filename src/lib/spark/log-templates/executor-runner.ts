/**
 * Lines of the runner a Worker starts for each executor (`deploy/worker/ExecutorRunner.scala`,
 * logger `ExecutorRunner`) and of the appenders that copy the executor's output to files.
 */
import { EXECUTOR_RUNNER, FILE_APPENDER, ref } from '../refs';
import { defineTemplates } from './template';

const R = 'ExecutorRunner';

export const EXECUTOR_RUNNER_TEMPLATES = defineTemplates([
  {
    id: 'executor-runner.launch-command',
    daemon: 'executor-runner',
    level: 'INFO',
    logger: R,
    text: 'Launch command: {command}',
    fields: { command: 'text' },
    ref: ref(EXECUTOR_RUNNER, 'fetchAndRunExecutor'),
  },
  {
    id: 'executor-runner.interrupted',
    daemon: 'executor-runner',
    level: 'INFO',
    logger: R,
    text: 'Runner thread for executor {appId}/{execId} interrupted',
    fields: { appId: 'word', execId: 'int' },
    ref: ref(EXECUTOR_RUNNER, 'fetchAndRunExecutor'),
  },
  {
    id: 'executor-runner.error',
    daemon: 'executor-runner',
    level: 'ERROR',
    logger: R,
    text: 'Error running executor',
    fields: {},
    ref: ref(EXECUTOR_RUNNER, 'fetchAndRunExecutor'),
  },
  {
    id: 'executor-runner.killing-process',
    daemon: 'executor-runner',
    level: 'INFO',
    logger: R,
    text: 'Killing process!',
    fields: {},
    ref: ref(EXECUTOR_RUNNER, 'killProcess'),
  },
  {
    id: 'executor-runner.terminate-failed',
    daemon: 'executor-runner',
    level: 'WARN',
    logger: R,
    text: 'Failed to terminate process: {process}. This process will likely be orphaned.',
    fields: { process: 'text' },
    ref: ref(EXECUTOR_RUNNER, 'killProcess'),
  },
  {
    id: 'executor-runner.stream-error',
    daemon: 'executor-runner',
    level: 'ERROR',
    logger: 'FileAppender',
    text: 'Error writing stream to file {file}',
    fields: { file: 'text' },
    ref: ref(FILE_APPENDER, 'appendStreamToFile'),
  },
]);
