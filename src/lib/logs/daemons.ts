/**
 * Who wrote each stream of lines: a Master, a Worker or an application, told by the templates its
 * lines match (or by DSE's logger name), with the address it says it runs at
 * (`Starting Spark master at spark://h:p`, `Starting Spark worker h:p`, a worker id), and a
 * readable, unique id for it.
 */
import type { FileRead, Rec } from './read-file';
import type { ProcessKind } from './types';

export interface StreamDaemon {
  id: string;
  readonly kind: ProcessKind;
  readonly host: string | null;
  readonly port: number | null;
  readonly workerId: string | null;
  readonly file: string;
  readonly fileIndex: number;
  readonly stream: string | null;
  /** Its lines hold templates of both daemons (not DSE, where the logger tells them apart). */
  readonly mixed: boolean;
}

const WORKER_ID = /^worker-\d{14}-(.+)-(\d+)$/;

export function fileStem(name: string): string {
  return name.replace(/^.*[\\/]/, '').replace(/\.(?:log|out|txt)$/, '');
}

function identity(
  recs: readonly Rec[],
  stream: number,
): { host: string | null; port: number | null; workerId: string | null } {
  let host: string | null = null;
  let port: number | null = null;
  let workerId: string | null = null;
  for (const r of recs) {
    if (r.stream !== stream || !r.variant || !r.fields) continue;
    const id = r.variant.template.id;
    if ((id === 'master.starting' || id === 'worker.starting') && host === null) {
      host = String(r.fields.host);
      port = Number(r.fields.port);
    } else if (id === 'worker.web-ui-proxied' && workerId === null) {
      workerId = String(r.fields.workerId);
      const m = WORKER_ID.exec(workerId);
      if (m && host === null) {
        host = m[1];
        port = Number(m[2]);
      }
    }
  }
  return { host, port, workerId };
}

/** The daemons of each file, one a stream, in file order. */
export function identifyDaemons(reads: readonly FileRead[]): StreamDaemon[][] {
  const used = new Map<string, number>();
  return reads.map((f) =>
    f.streams.map((s, i) => {
      const k = s.kinds;
      const masterSide = k.master + k['leader-election'] + k.persistence;
      const workerSide = k.worker + k['executor-runner'] + k['driver-runner'];
      const app = k['app-client'];
      let kind: ProcessKind = s.dseSide ?? 'unknown';
      if (kind === 'unknown' && masterSide + workerSide + app > 0) {
        kind = masterSide >= workerSide && masterSide >= app ? 'master' : workerSide >= app ? 'worker' : 'app';
      }
      const { host, port, workerId } = identity(f.recs, i);
      const dse = s.dseSide !== null;
      const where = host !== null ? `@${host}:${port}` : s.key !== null && !dse ? `:${s.key}` : `:${fileStem(f.name)}`;
      let id = `${kind}${where}`;
      const n = (used.get(id) ?? 0) + 1;
      used.set(id, n);
      if (n > 1) id = `${id}#${n}`;
      return {
        id,
        kind,
        host,
        port,
        workerId,
        file: f.name,
        fileIndex: f.index,
        stream: dse ? s.key!.slice(4) : s.key,
        mixed: !dse && masterSide > 0 && workerSide > 0,
      };
    }),
  );
}
