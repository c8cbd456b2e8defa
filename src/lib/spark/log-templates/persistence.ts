/**
 * Lines of the Master's recovery state storage: the FILESYSTEM and ROCKSDB factories' start lines and the
 * ZooKeeper engine's warning for a record it cannot read. (ZOOKEEPER mode's start line is the
 * Master's own: `master.persisting-to-zookeeper`.)
 */
import { RECOVERY_MODE_FACTORY, ZK_PERSISTENCE, ref } from '../refs';
import { defineTemplates } from './template';

export const PERSISTENCE_TEMPLATES = defineTemplates([
  {
    id: 'persistence.filesystem-directory',
    daemon: 'persistence',
    level: 'INFO',
    logger: 'FileSystemRecoveryModeFactory',
    text: 'Persisting recovery state to directory: {dir}',
    fields: { dir: 'text' },
    ref: ref(RECOVERY_MODE_FACTORY, 'createPersistenceEngine'),
  },
  {
    // ROCKSDB mode [4.0]: the same words, from RocksDBRecoveryModeFactory.
    id: 'persistence.rocksdb-directory',
    daemon: 'persistence',
    level: 'INFO',
    logger: 'RocksDBRecoveryModeFactory',
    text: 'Persisting recovery state to directory: {dir}',
    fields: { dir: 'text' },
    ref: ref(RECOVERY_MODE_FACTORY, 'createPersistenceEngine'),
  },
  {
    id: 'persistence.zookeeper-unreadable-record',
    daemon: 'persistence',
    level: 'WARN',
    logger: 'ZooKeeperPersistenceEngine',
    text: 'Exception while reading persisted file, deleting',
    fields: {},
    ref: ref(ZK_PERSISTENCE, 'deserializeFromFile'),
  },
]);
