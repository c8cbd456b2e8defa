/**
 * Who wrote each stream of lines: a Master, a Worker or an application, told by the templates its
 * lines match (or by DSE's logger name), with the address it says it runs at
 * (`Starting Spark master at spark://h:p`, `Starting Spark worker h:p`, a worker id), and a
 * readable, unique id for it.
 */
import { processOf } from '../spark/log-templates';
import type { FileRead } from './read-file';
import type { ProcessKind } from './types';

export interface StreamDaemon {
  readonly id: string;
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

interface Identity {
  host: string | null;
  port: number | null;
  workerId: string | null;
}

/** Each stream's address and worker id, from the first lines that say them. */
function identities(f: FileRead): Identity[] {
  const out: Identity[] = f.streams.map(() => ({ host: null, port: null, workerId: null }));
  f.events.forEach((e, i) => {
    const who = out[f.eventStreams[i]];
    if ((e.template === 'master.starting' || e.template === 'worker.starting') && who.host === null) {
      who.host = String(e.fields.host);
      who.port = Number(e.fields.port);
    } else if (e.template === 'worker.web-ui-proxied' && who.workerId === null) {
      who.workerId = String(e.fields.workerId);
      const m = WORKER_ID.exec(who.workerId);
      if (m && who.host === null) {
        who.host = m[1];
        who.port = Number(m[2]);
      }
    }
  });
  return out;
}

/** How many events of each process each stream holds: master, worker, application. */
function sides(f: FileRead): [number, number, number][] {
  const out: [number, number, number][] = f.streams.map(() => [0, 0, 0]);
  f.events.forEach((e, i) => {
    const p = processOf(e.daemonKind);
    if (p !== null) out[f.eventStreams[i]][p === 'master' ? 0 : p === 'worker' ? 1 : 2]++;
  });
  return out;
}

/** The daemons of each file, one a stream, in file order. */
export function identifyDaemons(reads: readonly FileRead[]): StreamDaemon[][] {
  const used = new Map<string, number>();
  return reads.map((f) => {
    const ids = identities(f);
    const counts = sides(f);
    return f.streams.map((s, i) => {
      const [masterSide, workerSide, app] = counts[i];
      let kind: ProcessKind = s.dseSide ?? 'unknown';
      if (kind === 'unknown' && masterSide + workerSide + app > 0) {
        kind = masterSide >= workerSide && masterSide >= app ? 'master' : workerSide >= app ? 'worker' : 'app';
      }
      const { host, port, workerId } = ids[i];
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
    });
  });
}
