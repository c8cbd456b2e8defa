/**
 * Hosts an XState machine as a kernel actor. Each kernel input becomes one machine event that
 * carries the effect sink (`env`). A change of state value across the input is recorded as a
 * `state` effect; a machine whose transient states matter (the Master's COMPLETING_RECOVERY)
 * records its own state changes instead (`recordsOwnStates`).
 *
 * XState's own clock is the kernel's: a delayed transition would become a kernel timer. The Spark
 * machines use explicit named timers instead (Spark schedules its periodic work the same way), so
 * a checkpoint holds everything there is to restore.
 */
import { createActor, type AnyStateMachine, type Actor as XActor } from 'xstate';
import type { Actor, ActorIO } from '../sim/actor';
import type { Input, Message } from '../sim/types';
import type { DaemonDescriptor } from './daemon';
import { DaemonRows } from './daemon-rows';
import type { Env } from './master/context';
import { stateString } from './state-string';
import { TransitionCache } from './transition-cache';
import { speak } from './print';
import { SPARK_VERSION } from './format';

export { stateString };

const caches = new WeakMap<AnyStateMachine, TransitionCache>();
function cacheFor(machine: AnyStateMachine): TransitionCache {
  let c = caches.get(machine);
  if (c === undefined) caches.set(machine, (c = new TransitionCache(machine)));
  return c;
}

/** The event every Spark machine receives: a type, the payload, and where effects go. */
export interface MachineEvent {
  type: string;
  env: Env;
  msg?: Message;
  input?: Input;
}

/** The message an event carries, typed as the handler expects it (the event type chose the handler). */
export const messageOf = <T>(e: MachineEvent): T => e.msg as unknown as T;

/** The event type an input becomes: the message's Spark name, the timer's name, or a kernel notice. */
export function eventOf(input: Input, env: Env): MachineEvent {
  switch (input.kind) {
    case 'message':
      return { type: input.msg.type, msg: input.msg, env, input };
    case 'timer':
      return { type: input.name, env, input };
    case 'start':
      return { type: 'Start', env, input };
    case 'reply':
      return { type: 'Reply', msg: input.msg, env, input };
    case 'ask-failed':
      return { type: 'AskFailed', env, input };
    case 'send-failed':
      return { type: 'SendFailed', msg: input.msg, env, input };
    case 'disconnected':
      return { type: 'Disconnected', env, input };
    case 'command':
      return { type: `Command.${input.name}`, env, input };
  }
}

export interface MachineActorOptions<C> {
  /** The daemon's descriptor: its machine's name in `state` effects (`Master`), and the status and
   * tables reported from it (`DaemonRows`). */
  daemon: DaemonDescriptor<C, never>;
  machine: AnyStateMachine;
  context: C;
  /** A persisted XState snapshot to resume from. */
  persisted?: unknown;
  /** The machine emits its own `state` effects (from entry actions); no diffing here. */
  recordsOwnStates?: boolean;
  /** Checks the actor's invariants after each handled input; findings become violations. */
  check?: (context: C, io: Env['io'], eventType: string, msg?: Message) => void;
  /**
   * Runs targetless action-only transitions straight from the machine's definition, as XState would
   * (see `transition-cache.ts`); default true. Off, every event goes through the interpreter.
   */
  fastPath?: boolean;
  /** The Spark release whose words its log lines are in (default: 4.0.1). */
  version?: string;
}

export class MachineActor<C> implements Actor {
  private readonly actor: XActor<AnyStateMachine>;
  private readonly cache: TransitionCache | null;
  private readonly rows: DaemonRows<C>;
  private readonly name: string;

  constructor(private readonly opts: MachineActorOptions<C>) {
    const name = opts.daemon.machine ?? opts.daemon.kind;
    this.name = name;
    const clock = {
      setTimeout: (fn: () => void, ms: number) => {
        void fn;
        throw new Error(`${name}: delayed XState transitions (${ms} ms) are not used; use a kernel timer`);
      },
      clearTimeout: () => undefined,
    };
    this.actor = createActor(opts.machine, {
      input: opts.context,
      clock,
      ...(opts.persisted ? { snapshot: opts.persisted as never } : {}),
    });
    this.actor.start();
    this.cache = opts.fastPath === false ? null : cacheFor(opts.machine);
    this.rows = new DaemonRows(opts.daemon);
    if (opts.persisted) this.rows.prime(this.context);
  }

  handle(input: Input, io: ActorIO): void {
    speak(this.opts.version ?? SPARK_VERSION);
    // A debugging aid (the `throw` command): the daemon fails inside its handler, as a bug would.
    if (input.kind === 'command' && input.name === 'throw') {
      throw new Error(String(input.args?.message ?? `${this.name} was told to throw`));
    }
    const sparkIo = io as unknown as Env['io'];
    const env: Env =
      input.kind === 'message'
        ? input.ask === undefined
          ? { io: sparkIo, from: input.from }
          : { io: sparkIo, from: input.from, ask: input.ask }
        : { io: sparkIo, from: io.self };
    const event = eventOf(input, env);
    const snapshot = this.actor.getSnapshot();
    // A process starts in its machine's initial state: say so, so that a view of the trace has it.
    if (input.kind === 'start') io.state(this.name, '', stateString(snapshot.value));
    const plan = snapshot.status === 'active' ? this.cache?.plan(snapshot, event.type) : null;
    if (plan) {
      // The interpreter would run exactly these actions and keep the snapshot: do just that.
      const args = { context: snapshot.context, event, self: this.actor, system: this.actor.system };
      for (const a of plan) a.exec(args, a.params);
    } else {
      const before = this.opts.recordsOwnStates ? undefined : snapshot.value;
      this.actor.send(event);
      const after = this.actor.getSnapshot();
      const err = (after as { error?: unknown }).error;
      if (err) throw err;
      if (before !== undefined && after.value !== before) {
        const from = stateString(before);
        const to = stateString(after.value);
        if (from !== to) io.state(this.name, from, to);
      }
    }
    // Status, tables and invariants are looked at after every input that had an effect; one with
    // none (a heartbeat from a registered worker, which only refreshes its lastHeartbeat) changes
    // nothing they read.
    if (io.ops.length > 0) {
      this.rows.report(this.context, io);
      this.opts.check?.(this.context, sparkIo, event.type, event.msg);
    }
  }

  get context(): C {
    return this.actor.getSnapshot().context as C;
  }

  get state(): string {
    return stateString(this.actor.getSnapshot().value);
  }

  snapshot(): unknown {
    return this.actor.getPersistedSnapshot();
  }
}
