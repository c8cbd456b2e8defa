/**
 * Lines of the submission client (`deploy/Client.scala`, `spark-submit --deploy-mode cluster` to a
 * standalone master): it sends the driver to every master and prints the answer it gets.
 */
import { SUBMIT_CLIENT, ref } from '../refs';
import { defineTemplates } from './template';

const L = 'ClientEndpoint';

export const SUBMIT_CLIENT_TEMPLATES = defineTemplates([
  {
    id: 'submit-client.sending',
    daemon: 'submit-client',
    level: 'INFO',
    logger: L,
    text: 'Sending launch command to spark://{masterHost}:{masterPort}',
    fields: { masterHost: 'host', masterPort: 'port' },
    ref: ref(SUBMIT_CLIENT, 'onStart'),
  },
  {
    id: 'submit-client.submitted',
    daemon: 'submit-client',
    level: 'INFO',
    logger: L,
    text: 'Driver successfully submitted as {driverId}',
    fields: { driverId: 'word' },
    ref: ref(SUBMIT_CLIENT, 'receive'),
  },
  {
    id: 'submit-client.error',
    daemon: 'submit-client',
    level: 'ERROR',
    logger: L,
    text: 'Error: {message}',
    fields: { message: 'text' },
    ref: ref(SUBMIT_CLIENT, 'receive'),
  },
  {
    // `pollAndReportStatus`, after a `DriverStatusResponse` that found the driver.
    id: 'submit-client.driver-state',
    daemon: 'submit-client',
    level: 'INFO',
    logger: L,
    text: 'State of {driverId} is {state}',
    fields: { driverId: 'word', state: 'word' },
    ref: ref(SUBMIT_CLIENT, 'pollAndReportStatus'),
  },
  {
    id: 'submit-client.connect-failed',
    daemon: 'submit-client',
    level: 'WARN',
    logger: L,
    text: 'Failed to connect to master {masterHost}:{masterPort}',
    fields: { masterHost: 'host', masterPort: 'port' },
    ref: ref(SUBMIT_CLIENT, 'onNetworkError'),
  },
]);
