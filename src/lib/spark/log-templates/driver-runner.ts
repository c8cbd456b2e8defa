/**
 * Lines of the runner a Worker starts for a driver in cluster deploy mode
 * (`deploy/worker/DriverRunner.scala`, logger `DriverRunner`), supervised relaunches included.
 */
import { DRIVER_RUNNER, ref } from '../refs';
import { defineTemplates } from './template';

const R = 'DriverRunner';

export const DRIVER_RUNNER_TEMPLATES = defineTemplates([
  {
    id: 'driver-runner.worker-shutting-down',
    daemon: 'driver-runner',
    level: 'INFO',
    logger: R,
    text: 'Worker shutting down, killing driver {driverId}',
    fields: { driverId: 'word' },
    ref: ref(DRIVER_RUNNER, 'start'),
  },
  {
    id: 'driver-runner.killing-process',
    daemon: 'driver-runner',
    level: 'INFO',
    logger: R,
    text: 'Killing driver process!',
    fields: {},
    ref: ref(DRIVER_RUNNER, 'kill'),
  },
  {
    id: 'driver-runner.terminate-failed',
    daemon: 'driver-runner',
    level: 'WARN',
    logger: R,
    text: 'Failed to terminate driver process: {process}. This process will likely be orphaned.',
    fields: { process: 'text' },
    ref: ref(DRIVER_RUNNER, 'kill'),
  },
  {
    id: 'driver-runner.copying-jar',
    daemon: 'driver-runner',
    level: 'INFO',
    logger: R,
    text: 'Copying user jar {jarUrl} to {path}',
    fields: { jarUrl: 'word', path: 'text' },
    ref: ref(DRIVER_RUNNER, 'downloadUserJar'),
  },
  {
    id: 'driver-runner.launch-command',
    daemon: 'driver-runner',
    level: 'INFO',
    logger: R,
    text: 'Launch Command: {command}',
    fields: { command: 'text' },
    ref: ref(DRIVER_RUNNER, 'runCommandWithRetry'),
  },
  {
    id: 'driver-runner.relaunching',
    daemon: 'driver-runner',
    level: 'INFO',
    logger: R,
    text: 'Command exited with status {exitCode}, re-launching after {waitSeconds} s.',
    fields: { exitCode: 'int', waitSeconds: 'int' },
    ref: ref(DRIVER_RUNNER, 'runCommandWithRetry'),
  },
]);
