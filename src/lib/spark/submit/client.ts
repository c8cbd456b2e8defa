/**
 * The submission client (`spark-submit --deploy-mode cluster`, Spark's `deploy/Client.scala`):
 * at each driver's time it asks every master to `RequestSubmitDriver`; standbys refuse, the leader
 * accepts. At each request's time (a scenario's `requests`) it asks every master to kill a driver,
 * report a driver's status, kill every driver, or send its state, as `spark-submit --kill`,
 * `--status` and the master's REST and web endpoints do; the answers are in the trace.
 */
import type { Actor, ActorIO, ActorKind } from '../../sim/actor';
import type { Address, Input } from '../../sim/types';
import type { DriverDescription, DriverStatusResponse, SparkMessage, SubmitDriverResponse } from '../messages';
import { DaemonRows } from '../daemon-rows';
import { print, speak } from '../print';
import { SPARK_VERSION } from '../format';
import { MASTER_WEB_UI, STANDALONE_REST_SERVER, SUBMIT_CLIENT, ref } from '../refs';
import { hostPort } from '../format';
import { submitDaemon } from './daemon';

/** A request the submission client asks every master (`driver`: an index into its drivers). */
export interface ClientRequest {
  at: number;
  type:
    | 'RequestKillDriver'
    | 'RequestDriverStatus'
    | 'RequestKillAllDrivers'
    | 'RequestReadyz'
    | 'RequestClearCompletedDriversAndApps'
    | 'RequestMasterState'
    | 'DecommissionWorkersOnHosts';
  driver?: number;
  /** DecommissionWorkersOnHosts: the hosts. */
  hosts?: string[];
}

export interface SubmitParams {
  masters: Address[];
  drivers: { at: number; desc: DriverDescription }[];
  /** Timed requests; `driver` is an index into `drivers`. */
  requests?: readonly ClientRequest[];
  askTimeoutMs: number;
}

export interface SubmitState {
  submitted: { index: number; driverId: string }[];
  /** Answers to asks made by the `ask` command, in arrival order. */
  replies: { master: string; msg: SparkMessage }[];
  asks: number;
}

class SubmitClient implements Actor {
  private readonly rows = new DaemonRows(submitDaemon);

  constructor(
    private readonly p: SubmitParams,
    private s: SubmitState,
    restored = false,
  ) {
    if (restored) this.rows.prime(s);
  }

  handle(input: Input, rawIo: ActorIO): void {
    speak(SPARK_VERSION);
    this.receive(input, rawIo as unknown as ActorIO<SparkMessage>);
    if (rawIo.ops.length > 0) this.rows.report(this.s, rawIo);
  }

  private receive(input: Input, io: ActorIO<SparkMessage>): void {
    switch (input.kind) {
      case 'start':
        this.p.drivers.forEach((d, i) => io.setTimer(`submit-${i}`, 'SubmitDriver', Math.max(0, d.at - io.now)));
        (this.p.requests ?? []).forEach((r, i) => io.setTimer(`request-${i}`, r.type, Math.max(0, r.at - io.now)));
        break;
      case 'timer': {
        if (input.key.startsWith('request-')) {
          this.request(Number(input.key.slice('request-'.length)), io);
          break;
        }
        const i = Number(input.key.slice('submit-'.length));
        const d = this.p.drivers[i];
        io.handler(ref(SUBMIT_CLIENT, 'onStart', 'RequestSubmitDriver'));
        for (const m of this.p.masters) {
          print(io, 'submit-client.sending', hostPort(m, 'master'));
          io.ask(
            m,
            { type: 'RequestSubmitDriver', driverDescription: d.desc },
            `submit-${i}@${m}`,
            this.p.askTimeoutMs,
          );
        }
        break;
      }
      case 'command': {
        // `ask`: ask every master the given message (a status or kill request), keep the answers.
        if (input.name !== 'ask' || !input.args) break;
        const msg = input.args.msg as SparkMessage;
        const n = this.s.asks++;
        for (const m of this.p.masters) io.ask(m, msg, `ask-${n}@${m}`, this.p.askTimeoutMs);
        break;
      }
      case 'reply': {
        if (input.tag.startsWith('request-')) {
          const msg = input.msg as SparkMessage;
          this.s.replies.push({ master: input.tag.split('@')[1], msg });
          if (msg.type === 'DriverStatusResponse') this.reportStatus(msg, input.tag, io);
          break;
        }
        if (input.tag.startsWith('ask-')) {
          this.s.replies.push({ master: input.tag.split('@')[1], msg: input.msg as SparkMessage });
          break;
        }
        const r = input.msg as SubmitDriverResponse;
        if (r.type !== 'SubmitDriverResponse') break;
        io.handler(ref(SUBMIT_CLIENT, 'receive', 'SubmitDriverResponse'));
        if (r.success) {
          print(io, 'submit-client.submitted', { driverId: r.driverId ?? '' });
          this.s.submitted.push({
            index: Number(input.tag.split('@')[0].slice('submit-'.length)),
            driverId: r.driverId ?? '',
          });
        } else if (!r.message.startsWith('Current state is not alive')) {
          print(io, 'submit-client.error', { message: r.message });
        }
        break;
      }
      case 'ask-failed':
        print(io, 'submit-client.connect-failed', hostPort(input.tag.split('@')[1], 'master'));
        break;
      default:
        break;
    }
  }

  /** Asks every master one of the scenario's requests (a driver's by the id it was given). */
  private request(i: number, io: ActorIO<SparkMessage>): void {
    const r = this.p.requests![i];
    let msg: SparkMessage;
    if (r.type === 'RequestKillDriver' || r.type === 'RequestDriverStatus') {
      const driverId = this.driverIdOf(r);
      if (driverId === undefined) {
        io.ignored(`${r.type}: driver ${(r.driver ?? 0) + 1} has no id: no master has accepted it yet`);
        return;
      }
      msg = { type: r.type, driverId };
    } else if (r.type === 'DecommissionWorkersOnHosts') {
      msg = { type: r.type, hostnames: r.hosts ?? [] };
    } else {
      msg = { type: r.type };
    }
    // The web UI's kill page asks for decommissions; the submission client asks the rest.
    io.handler(
      r.type === 'DecommissionWorkersOnHosts'
        ? ref(MASTER_WEB_UI, 'handleKillRequest')
        : r.type === 'RequestReadyz' || r.type === 'RequestClearCompletedDriversAndApps'
          ? ref(
              STANDALONE_REST_SERVER,
              r.type === 'RequestReadyz' ? 'StandaloneReadyzRequestServlet' : 'StandaloneClearRequestServlet',
            )
          : ref(SUBMIT_CLIENT, 'onStart', r.type),
    );
    for (const m of this.p.masters) io.ask(m, msg, `request-${i}@${m}`, this.p.askTimeoutMs);
  }

  /** The id a master gave the request's driver, once one accepted it. */
  private driverIdOf(r: ClientRequest): string | undefined {
    return this.s.submitted.find((d) => d.index === r.driver)?.driverId;
  }

  /** `pollAndReportStatus`: the state of a driver a master found. */
  private reportStatus(r: DriverStatusResponse, tag: string, io: ActorIO<SparkMessage>): void {
    if (!r.found || r.state === undefined) return;
    const req = this.p.requests![Number(tag.split('@')[0].slice('request-'.length))];
    io.handler(ref(SUBMIT_CLIENT, 'pollAndReportStatus'));
    print(io, 'submit-client.driver-state', { driverId: this.driverIdOf(req) ?? '', state: r.state });
  }

  snapshot(): SubmitState {
    return structuredClone(this.s);
  }
}

export const submitKind: ActorKind<SubmitParams> = {
  create: (init) => new SubmitClient(init.params, { submitted: [], replies: [], asks: 0 }),
  restore: (init, snapshot) => new SubmitClient(init.params, structuredClone(snapshot as SubmitState), true),
};
