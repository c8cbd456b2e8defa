/**
 * Other libraries' lines seen in daemon logs: Hadoop's native-library warning, Curator's
 * connection-state warning (ZooKeeper HA), and the Cassandra connector lines that DataStax
 * Enterprise's `system.log` prints under the `SparkMaster` logger.
 */
import { defineTemplates } from './template';

export const THIRD_PARTY_TEMPLATES = defineTemplates([
  {
    id: 'hadoop.no-native-library',
    daemon: 'infra',
    level: 'WARN',
    logger: 'NativeCodeLoader',
    text: 'Unable to load native-hadoop library for your platform... using builtin-java classes where applicable',
    fields: {},
    ref: null,
    origin: 'Hadoop NativeCodeLoader',
  },
  {
    id: 'curator.no-listeners',
    daemon: 'infra',
    level: 'WARN',
    logger: 'ConnectionStateManager',
    text: 'There are no ConnectionStateListeners registered.',
    fields: {},
    ref: null,
    origin: 'Apache Curator ConnectionStateManager',
  },
  {
    id: 'cassandra.connected',
    daemon: 'infra',
    level: 'INFO',
    logger: 'CassandraConnector',
    text: 'Connected to Cassandra cluster: {cluster}',
    fields: { cluster: 'text' },
    ref: null,
    origin: 'DataStax spark-cassandra-connector (seen in DSE system.log, 03)',
  },
  {
    id: 'cassandra.adding-host',
    daemon: 'infra',
    level: 'INFO',
    logger: 'LocalNodeFirstLoadBalancingPolicy',
    text: 'Adding host {host} ({dataCenter})',
    fields: { host: 'word', dataCenter: 'text' },
    ref: null,
    origin: 'DataStax spark-cassandra-connector (seen in DSE system.log, 03)',
  },
  {
    id: 'cassandra.new-host',
    daemon: 'infra',
    level: 'INFO',
    logger: 'Cluster',
    text: 'New Cassandra host {address} added',
    fields: { address: 'word' },
    ref: null,
    origin: 'DataStax Java driver (seen in DSE system.log, 03)',
  },
]);
