/**
 * The messages between the kernel's host (main thread) and a daemon thread (a Web Worker).
 *
 * Requests that expect an answer carry `rid`; the thread answers with the same `rid`. A thread
 * handles its messages strictly in arrival order, so fire-and-forget messages (spawn, restore,
 * drop) need no answer: anything posted after them sees their effect.
 */
import type { ActorInit } from '../sim/actor';
import type { Answer, PackedSnapshot, WorkItem } from '../sim/host';
import type { NodeId } from '../sim/types';

export type { Answer, WorkItem };

export type ToThread =
  | { t: 'spawn'; id: NodeId; kind: string; init: ActorInit }
  | { t: 'restore'; id: NodeId; kind: string; init: ActorInit; snap: PackedSnapshot }
  /** Removes a daemon without a word (a seek replaces it). */
  | { t: 'drop'; id: NodeId }
  /** Stops a daemon and answers with its last snapshot (for post-mortem views). */
  | { t: 'stop'; rid: number; id: NodeId }
  | { t: 'handle'; rid: number; items: WorkItem[] }
  /** Several messages that expect no answer, in order. */
  | { t: 'batch'; messages: ToThread[] }
  | { t: 'snapshots'; rid: number; ids: NodeId[] }
  /** Answers at once: measures the bare postMessage round trip. */
  | { t: 'ping'; rid: number }
  /** Drops every daemon, so that the thread (its code warmed up) can serve another run. */
  | { t: 'reset'; rid: number }
  /** Sets up the shared-memory lane for requests (the first message, where the page is isolated). */
  | { t: 'lane'; sab: SharedArrayBuffer };

export type FromThread =
  | { rid: number; t: 'stopped'; snap: unknown }
  | { rid: number; t: 'handled'; results: Answer[] }
  /** Each daemon's snapshot, or null when it is the very text the host last had for it. */
  | { rid: number; t: 'snapshots'; snaps: Record<NodeId, PackedSnapshot | null> }
  | { rid: number; t: 'pong' }
  | { rid: number; t: 'reset' }
  /** A request the thread could not serve at all (a bug in the runtime, not in a daemon). */
  | { rid: number; t: 'failed'; error: string };
