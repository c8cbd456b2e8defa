/**
 * A scenario document for a plain cluster: some masters and N identical workers, all starting at
 * once, heartbeating. The New cluster form builds one, and so do the benchmarks and tests.
 */
export interface UniformCluster {
  workers: number;
  masters?: number;
  cores?: number;
  /** Spark's memory string, e.g. "16g". */
  memory?: string;
  seed?: number;
  name?: string;
  description?: string;
  config?: Record<string, unknown>;
}

export function uniformCluster(c: UniformCluster): Record<string, unknown> {
  const masters = c.masters ?? 1;
  const doc: Record<string, unknown> = {
    version: 1,
    name: c.name ?? `${masters} master${masters > 1 ? 's' : ''}, ${c.workers} worker${c.workers > 1 ? 's' : ''}`,
    description: c.description ?? `${masters} master${masters > 1 ? 's' : ''} and ${c.workers} workers heartbeating`,
    seed: c.seed ?? 1,
    masters: Array.from({ length: masters }, (_, i) => ({ host: `master${i + 1}`, port: 7077 })),
    workers: [{ host: 'worker{i}', port: 7078, cores: c.cores ?? 8, memory: c.memory ?? '16g', count: c.workers }],
  };
  if (c.config) doc.config = c.config;
  return doc;
}
