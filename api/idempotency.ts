// Responses remembered per (client, Idempotency-Key): a resend gets the first
// answer back and writes nothing twice. Kept in an append-only file so a
// restart does not forget what was acknowledged.
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

export class IdempotencyStore {
  private readonly done = new Map<string, StoredResponse>();
  private readonly inFlight = new Map<string, string>();

  /** Loads the remembered answers, dropping (and compacting away) those past the retention. */
  constructor(
    private readonly file: string,
    retentionMs = IDEMPOTENCY_RETENTION_MS,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) return;
    const cutoff = Date.now() - retentionMs;
    const kept: string[] = [];
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { key, ...entry } = JSON.parse(line) as StoredResponse & { key: string };
      if (Date.parse(entry.at) < cutoff) continue;
      this.done.set(key, entry);
      kept.push(line);
    }
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, kept.map((l) => `${l}\n`).join(''));
    fs.renameSync(tmp, file);
  }

  static requestHash(method: string, url: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method} ${url}\n${JSON.stringify(body ?? null)}`)
      .digest('hex');
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

  /** Remembers final answers (success and client errors); server errors may be retried. */
  finish(key: string, statusCode: number, body: unknown): void {
    const requestHash = this.inFlight.get(key);
    this.inFlight.delete(key);
    if (requestHash === undefined || statusCode >= 500) return;
    const entry: StoredResponse = { requestHash, statusCode, body, at: new Date().toISOString() };
    fs.appendFileSync(this.file, `${JSON.stringify({ key, ...entry })}\n`);
    this.done.set(key, entry);
  }
}
