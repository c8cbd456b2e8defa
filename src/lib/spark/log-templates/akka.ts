/**
 * akka's own lines in Spark 1.x daemon logs (akka remoting, the dead-letter reporter): not
 * Spark's code, but printed into every 1.x Master and Worker log around disconnections.
 */
import { defineTemplates } from './template';

const AKKA = 'akka 2.3 (Spark 1.x RPC)';

export const AKKA_TEMPLATES = defineTemplates([
  {
    id: 'akka.logger-started',
    daemon: 'infra',
    level: 'INFO',
    logger: 'Slf4jLogger',
    text: 'Slf4jLogger started',
    fields: {},
    ref: null,
    origin: AKKA,
  },
  {
    id: 'akka.remoting-starting',
    daemon: 'infra',
    level: 'INFO',
    logger: 'Remoting',
    text: 'Starting remoting',
    fields: {},
    ref: null,
    origin: AKKA,
  },
  {
    id: 'akka.remoting-started',
    daemon: 'infra',
    level: 'INFO',
    logger: 'Remoting',
    text: 'Remoting started; listening on addresses :[{addresses}]',
    fields: { addresses: 'text' },
    ref: null,
    origin: AKKA,
  },
  {
    id: 'akka.remoting-listening',
    daemon: 'infra',
    level: 'INFO',
    logger: 'Remoting',
    text: 'Remoting now listens on addresses: [{addresses}]',
    fields: { addresses: 'text' },
    ref: null,
    origin: AKKA,
  },
  {
    id: 'akka.association-gated',
    daemon: 'infra',
    level: 'WARN',
    logger: 'ReliableDeliverySupervisor',
    text: 'Association with remote system [{address}] has failed, address is now gated for [{ms}] ms. Reason is: [{reason}].',
    fields: { address: 'word', ms: 'int', reason: 'text' },
    ref: null,
    origin: AKKA,
  },
  {
    id: 'akka.dead-letters',
    daemon: 'infra',
    level: 'INFO',
    logger: 'LocalActorRef',
    aliases: ['RemoteActorRefProvider$RemoteDeadLetterActorRef', 'EmptyLocalActorRef', 'DeadLetterActorRef'],
    text: "Message [{message}] from Actor[{from}] to Actor[{to}] was not delivered. [{count}] dead letters encountered. This logging can be turned off or adjusted with configuration settings 'akka.log-dead-letters' and 'akka.log-dead-letters-during-shutdown'.",
    fields: { message: 'word', from: 'word', to: 'word', count: 'int' },
    ref: null,
    origin: AKKA,
  },
  {
    id: 'akka.handshake-timeout',
    daemon: 'infra',
    level: 'INFO',
    logger: 'ProtocolStateActor',
    text: 'No response from remote. Handshake timed out or transport failure detector triggered.',
    fields: {},
    ref: null,
    origin: AKKA,
  },
  {
    // Followed by the cause, one a line, and a line "]".
    id: 'akka.association-error',
    daemon: 'infra',
    level: 'ERROR',
    logger: 'EndpointWriter',
    text: 'AssociationError [{local}] -> [{remote}]: Error [{error}] [',
    fields: { local: 'word', remote: 'word', error: 'text' },
    ref: null,
    origin: AKKA,
  },
]);
