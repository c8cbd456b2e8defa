/**
 * The probes of the Spark actor kinds (`ActorKind.probe`): the small summaries cluster-wide checks
 * read after every event. They live apart from the daemons so that the page's main thread, which
 * mirrors them while the daemons run in Web Workers, does not load the daemons themselves.
 */

/** ZooKeeper: who holds the leader latch. */
export const zookeeperProbe = (snapshot: unknown) => ({ leader: (snapshot as { leader: string | null }).leader });

/** An application client: whether the master has registered it. */
export const appProbe = (snapshot: unknown) => ({
  registered: (snapshot as { context: { registered: boolean } }).context.registered,
});

/** By actor kind name, as the registry names them. */
export const sparkProbes: Record<string, { probe?: (snapshot: unknown) => unknown }> = {
  zookeeper: { probe: zookeeperProbe },
  app: { probe: appProbe },
};
