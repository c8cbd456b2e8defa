/** Where the ZooKeeper server keeps its znodes: its own durable disk, which outlives its restarts. */
export const ZK_MOUNT = 'zookeeper:/var/lib/zookeeper';
