/**
 * A small actor for kernel tests and the synthetic benchmark: on a fixed-rate timer it pings a
 * peer (round-robin, or a random one), answers pings with pongs, and can use ask instead of send.
 */
import type { Actor, ActorInit, ActorKind } from './actor';
import type { ActorIO } from './actor';
import type { Address, Input } from './types';

export interface PingParams {
  peers: Address[];
  /** Period of the ping timer, ms; 0 = never ping on its own. */
  period: number;
  /** Ask (request/reply with this timeout) instead of a one-way send. */
  askTimeout?: number;
  /** Pick the peer at random from the actor's own stream instead of round-robin. */
  random?: boolean;
  /** Write a log line per message (off in benchmarks). */
  log?: boolean;
}

interface PingState {
  sent: number;
  received: number;
  replies: number;
  failures: number;
  disconnects: string[];
}

class PingActor implements Actor {
  constructor(
    private readonly p: PingParams,
    private s: PingState,
  ) {}

  handle(input: Input, io: ActorIO): void {
    switch (input.kind) {
      case 'start':
        if (this.p.period > 0 && this.p.peers.length > 0) io.setTimer('tick', 'Tick', this.p.period, this.p.period);
        break;
      case 'timer': {
        const peers = this.p.peers;
        const to = this.p.random ? peers[Math.floor(io.random() * peers.length)] : peers[this.s.sent % peers.length];
        const msg = { type: 'Ping', n: this.s.sent++ };
        if (this.p.askTimeout !== undefined) io.ask(to, msg, `ping-${msg.n}`, this.p.askTimeout);
        else io.send(to, msg);
        break;
      }
      case 'message':
        this.s.received++;
        if (this.p.log) io.log('INFO', 'Ping', `Got ${input.msg.type} from ${input.from}`);
        if (input.msg.type === 'Ping') {
          const pong = { type: 'Pong', n: (input.msg as unknown as { n: number }).n };
          if (input.ask !== undefined) io.reply(pong);
          else io.send(input.from, pong);
        }
        break;
      case 'reply':
        this.s.replies++;
        break;
      case 'ask-failed':
      case 'send-failed':
        this.s.failures++;
        if (this.p.log) io.log('WARN', 'Ping', `Failed: ${input.kind === 'ask-failed' ? input.reason : input.to}`);
        break;
      case 'disconnected':
        this.s.disconnects.push(input.peer);
        if (this.p.log) io.log('INFO', 'Ping', `${input.peer} disconnected`);
        break;
      case 'command':
        if (input.name === 'throw') throw new Error('injected failure');
        break;
    }
  }

  snapshot(): PingState {
    return { ...this.s, disconnects: [...this.s.disconnects] };
  }
}

export const pingKind: ActorKind<PingParams> = {
  create: (init: ActorInit<PingParams>) =>
    new PingActor(init.params, { sent: 0, received: 0, replies: 0, failures: 0, disconnects: [] }),
  restore: (init: ActorInit<PingParams>, snap: unknown) => {
    const s = snap as PingState;
    return new PingActor(init.params, { ...s, disconnects: [...s.disconnects] });
  },
};
