// Idempotency-Key, the API's side. The truth is on the ledger: every write of
// a request with a key carries a claim (the key, with a part suffix per
// transaction of the request, and the request's hash) that the chaincode
// records in the same transaction (chaincode/src/ledger/idempotency.ts). A
// resend is answered from the ledger: the first transaction's ID, block and
// result, whichever API instance sent it and whether or not it lived to answer.
//
// In front of it, each API process keeps a small cache of its own answers
// (IdempotencyStore): it saves the ledger round trips of a replay, replays a
// chaincode's refusal (4xx) without asking again, and answers 409 to a resend
// racing its first request in this process. It is bounded (entries, answer
// size), skips unreadable lines (a torn last line after a crash) and is never
// needed for correctness: losing it loses nothing the ledger does not hold.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
  at: string;
}

/** How long an answer is remembered: resends come within minutes, not weeks. */
export const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 3_600_000;
/** Answers kept; the oldest goes first. */
export const IDEMPOTENCY_CACHE_ENTRIES = 10_000;
/** Larger answers (big batches) are not cached: the ledger replays them. */
export const IDEMPOTENCY_CACHE_MAX_ANSWER_BYTES = 64 * 1024;

export interface CacheLimits {
  retentionMs?: number;
  maxEntries?: number;
  maxAnswerBytes?: number;
}

/**
 * The request a key stands for: method, URL and body, salted with the key.
 * The salt matters because this hash is written to the ledger: a body with
 * personal data (an owner's identity) must not be guessable from it, and the
 * key itself travels only as transient data, never in a block.
 */
export function requestSha256(key: string, method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${key}\n${method} ${url}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

/** One request's key on the ledger, and how its transactions went (for the `idempotent-replayed` header). */
export class RequestClaim {
  /** Transactions answered from the ledger (done by an earlier send). */
  replayed = 0;
  /** Transactions committed by this send. */
  written = 0;

  constructor(
    readonly key: string,
    readonly requestSha256: string,
    /** Runs right after each commit of this request, with its txId (the test-only crash hook). */
    readonly afterCommit: (txId: string) => void = () => undefined,
  ) {}

  /** `true` when every transaction was done earlier, `partial` when some were, else undefined. */
  get replayedHeader(): 'true' | 'partial' | undefined {
    if (this.replayed === 0) return undefined;
    return this.written === 0 ? 'true' : 'partial';
  }
}

/** The bounded local cache of answers per (client, key). */
export class IdempotencyStore {
  private readonly done = new Map<string, StoredResponse>();
  private readonly inFlight = new Map<string, string>();
  private readonly maxEntries: number;
  private readonly maxAnswerBytes: number;
  private lines = 0;

  /** Loads the remembered answers (unreadable lines and those past the retention dropped) and rewrites the file with them. */
  constructor(
    private readonly file: string,
    limits: CacheLimits = {},
  ) {
    this.maxEntries = limits.maxEntries ?? IDEMPOTENCY_CACHE_ENTRIES;
    this.maxAnswerBytes = limits.maxAnswerBytes ?? IDEMPOTENCY_CACHE_MAX_ANSWER_BYTES;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) return;
    const cutoff = Date.now() - (limits.retentionMs ?? IDEMPOTENCY_RETENTION_MS);
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const entry = parseLine(line);
      if (entry && Date.parse(entry.at) >= cutoff) this.remember(entry.key, entry);
    }
    this.compact();
  }

  /** The request hash without a key's salt (callers that keep the key apart use requestSha256). */
  static requestHash(method: string, url: string, body: unknown, key = ''): string {
    return requestSha256(key, method, url, body);
  }

  /** 'replay' with the stored answer, 'conflict' when the key was used for another request or is in flight, else 'new'. */
  begin(key: string, requestHash: string): { kind: 'new' } | { kind: 'replay'; response: StoredResponse } | { kind: 'conflict'; reason: string } {
    const stored = this.done.get(key);
    if (stored) {
      return stored.requestHash === requestHash
        ? { kind: 'replay', response: stored }
        : { kind: 'conflict', reason: 'this Idempotency-Key was used for a different request' };
    }
    if (this.inFlight.has(key)) return { kind: 'conflict', reason: 'a request with this Idempotency-Key is still being processed' };
    this.inFlight.set(key, requestHash);
    return { kind: 'new' };
  }

  /** Remembers final answers (success and client errors) of cacheable size; server errors may be retried. */
  finish(key: string, statusCode: number, body: unknown): void {
    const requestHash = this.inFlight.get(key);
    this.inFlight.delete(key);
    if (requestHash === undefined || statusCode >= 500) return;
    const entry: StoredResponse = { requestHash, statusCode, body, at: new Date().toISOString() };
    const line = `${JSON.stringify({ key, ...entry })}\n`;
    if (Buffer.byteLength(line) > this.maxAnswerBytes) return;
    this.remember(key, entry);
    fs.appendFileSync(this.file, line);
    // Superseded and evicted lines stay in the file until it holds twice the bound.
    if (++this.lines > 2 * this.maxEntries) this.compact();
  }

  /** Ends a request without remembering its answer (e.g. a conflict the ledger found: the key belongs to another request). */
  forget(key: string): void {
    this.inFlight.delete(key);
  }

  get size(): number {
    return this.done.size;
  }

  private remember(key: string, entry: StoredResponse): void {
    this.done.delete(key);
    this.done.set(key, entry);
    for (const oldest of this.done.keys()) {
      if (this.done.size <= this.maxEntries) break;
      this.done.delete(oldest);
    }
  }

  /** Rewrites the file with the entries kept (a torn or superseded line disappears). */
  private compact(): void {
    const text = [...this.done].map(([key, entry]) => `${JSON.stringify({ key, ...entry })}\n`).join('');
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, this.file);
    this.lines = this.done.size;
  }
}

/** One line of the file, or undefined when it is torn or not an entry. */
function parseLine(line: string): (StoredResponse & { key: string }) | undefined {
  if (!line.trim()) return undefined;
  try {
    const v = JSON.parse(line) as Partial<StoredResponse & { key: string }>;
    const ok = typeof v.key === 'string' && typeof v.requestHash === 'string' && typeof v.statusCode === 'number' && typeof v.at === 'string';
    return ok ? (v as StoredResponse & { key: string }) : undefined;
  } catch {
    return undefined;
  }
}
