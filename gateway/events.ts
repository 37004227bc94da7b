// Chaincode event listener with a file checkpoint. Events reach the handler one
// at a time in ledger order; the checkpoint moves only after the handler has
// finished, so a restart or a broken stream resumes right after the last event
// handled: nothing skipped, nothing handled twice (see the one exception below).
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ChaincodeEvent, Checkpointer, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { sleep } from '../fabric/sleep';
import { AtomicFileCheckpointer } from './file-checkpointer';
import { EVENTS, type EventName } from '../chaincode/src/events';
import type { Ledger } from './ledger';

export interface NotaryEvent<P = unknown> {
  /** One of `EVENTS` (chaincode/src/events.ts); typed as string because a newer chaincode may add names. */
  eventName: string;
  /** The event's JSON payload, parsed. */
  payload: P;
  txId: string;
  /** Decimal, as everywhere in the gateway API (block numbers are uint64). */
  blockNumber: string;
}

export interface ListenerErrorInfo {
  /** True when the listener has ended (`done` rejects with this error); false when it will reconnect. */
  fatal: boolean;
  /** Delay before the next reconnection (non-fatal errors only). */
  retryInMs?: number;
}

export interface ChaincodeEventListenerOptions {
  ledger: Ledger;
  mspId: string;
  /** The client identity whose gateway (the org's preferred peer) streams the events. */
  identity: string;
  /** One listener per file: two listeners sharing a file would overwrite each other's position. */
  checkpointFile: string;
  /** Awaited before the next event; throwing ends the listener without checkpointing that event. */
  onEvent: (event: NotaryEvent) => Promise<void> | void;
  /** First block when the checkpoint file has no position yet; default: the next block to be committed. */
  startBlock?: bigint | number;
  /** Deliver only these events; the others are checkpointed past without calling onEvent. Default: all. */
  only?: readonly EventName[];
  /** Every stream error (retried) and the error that ends the listener (fatal). */
  onError?: (error: Error, info: ListenerErrorInfo) => void;
  /** Reconnection delays: doubling from initialMs up to maxMs, back to initialMs once an event arrives. */
  backoff?: { initialMs?: number; maxMs?: number };
}

export interface ChaincodeEventListener {
  /** Ends the stream after the event in hand (if any) is handled and checkpointed; resolves once ended. */
  stop(): Promise<void>;
  /**
   * Resolves after stop(); rejects with the error that ended the listener: onEvent threw, a payload was not
   * JSON, the checkpoint could not be written, or the peer refused the identity. The checkpoint then names
   * the last event handled, so a new listener on the same file starts with the event that failed.
   */
  done: Promise<void>;
}

const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.values(EVENTS));
// Retrying cannot help when the request itself is refused; anything else (peer down or restarting) can heal.
const PERMANENT = new Set<number>([GrpcStatus.PERMISSION_DENIED, GrpcStatus.UNAUTHENTICATED, GrpcStatus.INVALID_ARGUMENT]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Tells a handler failure (ends the listener) from a stream failure (reconnect). */
class Fatal extends Error {}

/**
 * Starts listening; resolves once the start position is on disk, so every event committed after this resolves
 * will be delivered even if the stream connects later. Rejects if the checkpoint file is unreadable, or (with no
 * checkpoint and no startBlock) the channel height cannot be read.
 *
 * Delivery is exactly once except for a crash between onEvent resolving and its checkpoint being written: that one
 * event comes again after the restart. A handler that must never repeat an effect should key it by txId.
 */
// eslint-disable-next-line complexity -- the listener's options and checkpoint recovery read in one place before the loop starts
export async function startChaincodeEventListener(options: ChaincodeEventListenerOptions): Promise<ChaincodeEventListener> {
  const { ledger, mspId, identity, checkpointFile, onEvent, onError } = options;
  const chaincode = ledger.description.chaincode;
  const only = options.only ? new Set<string>(options.only) : undefined;
  for (const name of options.only ?? []) if (!KNOWN_EVENTS.has(name)) throw new Error(`unknown chaincode event ${name}`);
  const initialMs = options.backoff?.initialMs ?? 250;
  const maxMs = options.backoff?.maxMs ?? 10_000;

  const checkpointer = await openCheckpoint(checkpointFile);
  if (checkpointer.getBlockNumber() === undefined) {
    // Pin "the next block" now rather than letting the stream seek to the next commit: a reconnection or a crash
    // before the first event would otherwise seek again and skip whatever was committed in between.
    const start = options.startBlock !== undefined ? BigInt(options.startBlock) : BigInt(await ledger.height(mspId, identity));
    await checkpointer.checkpointBlock(start - 1n); // stores start - 1 + 1, with no transaction ID
  }

  let stopping = false;
  let stream: CloseableAsyncIterable<ChaincodeEvent> | undefined;
  let wake: (() => void) | undefined;

  /** A pause that stop() ends early. */
  const pause = (ms: number) => {
    const woken = new AbortController();
    wake = () => woken.abort();
    return sleep(ms, woken.signal);
  };

  const deliver = async (event: ChaincodeEvent) => {
    if (!only || only.has(event.eventName)) {
      try {
        const payload: unknown = JSON.parse(utf8.decode(event.payload));
        await onEvent({ eventName: event.eventName, payload, txId: event.transactionId, blockNumber: event.blockNumber.toString() });
      } catch (e) {
        throw new Fatal(
          `${event.eventName} in transaction ${event.transactionId} (block ${event.blockNumber}) was not handled: ${(e as Error)?.message ?? e}`,
          { cause: e },
        );
      }
    }
    try {
      await checkpointer.checkpointChaincodeEvent(event);
    } catch (e) {
      // Handled but not recorded: a restart delivers it again, which is the best that can be done.
      throw new Fatal(`checkpoint ${checkpointFile} could not be written: ${(e as Error)?.message ?? e}`, { cause: e });
    }
  };

  // eslint-disable-next-line complexity -- the event loop: connect, read, checkpoint, back off and stop on abort, as one state machine
  const run = async () => {
    let delay = initialMs;
    let failed = false;
    while (!stopping) {
      try {
        // A fresh request each time: it reads the checkpoint (block and last transaction ID) when it is built,
        // and the peer skips that block's events up to and including that transaction.
        const network = await ledger.network(mspId, identity, { nextPeer: failed });
        stream = await network.getChaincodeEvents(chaincode, { checkpoint: checkpointer });
        if (stopping) break;
        const iterator = stream[Symbol.asyncIterator]();
        for (;;) {
          const next = await iterator.next();
          if (next.done) throw new Error('chaincode event stream ended');
          delay = initialMs;
          failed = false;
          await deliver(next.value);
          if (stopping) break;
        }
      } catch (e) {
        if (e instanceof Fatal) throw e;
        if (stopping) break; // the cancellation that stop() caused
        const code = (e as { code?: unknown }).code;
        if (typeof code === 'number' && PERMANENT.has(code)) throw e;
        failed = true; // the next attempt goes through another of the org's peers, if it has one
        onError?.(e as Error, { fatal: false, retryInMs: delay });
        await pause(delay);
        delay = Math.min(delay * 2, maxMs);
      } finally {
        stream?.close();
        stream = undefined;
      }
    }
  };

  const done = run().catch((e: Error) => {
    onError?.(e, { fatal: true });
    throw e;
  });
  // `done` carries the failure; without this, a caller that only keeps stop() would crash the process on it.
  done.catch(() => undefined);

  return {
    done,
    async stop() {
      stopping = true;
      stream?.close(); // wakes a pending next(); an event being handled still finishes and is checkpointed
      wake?.();
      await done.catch(() => undefined);
    },
  };
}

/** Positions survive a crash at any instant (see file-checkpointer.ts). */
async function openCheckpoint(file: string): Promise<Checkpointer> {
  return AtomicFileCheckpointer.open(file);
}
