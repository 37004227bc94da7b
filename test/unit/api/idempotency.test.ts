import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IdempotencyStore, requestSha256 } from '../../../api/idempotency';

describe('IdempotencyStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idem-'));
    file = path.join(dir, 'store', 'idem.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const hash = (body: unknown) => IdempotencyStore.requestHash('POST', '/v1/contracts', body);

  it('replays the first answer to the same request, across restarts', () => {
    const s = new IdempotencyStore(file);
    expect(s.begin('c:k1', hash({ a: 1 }))).toEqual({ kind: 'new' });
    s.finish('c:k1', 201, { txId: 'abc' });
    const restarted = new IdempotencyStore(file);
    expect(restarted.begin('c:k1', hash({ a: 1 }))).toMatchObject({ kind: 'replay', response: { statusCode: 201, body: { txId: 'abc' } } });
  });

  it('refuses the same key for another request, or while the first is in flight', () => {
    const s = new IdempotencyStore(file);
    expect(s.begin('c:k2', hash({ a: 1 })).kind).toBe('new');
    expect(s.begin('c:k2', hash({ a: 1 })).kind).toBe('conflict');
    s.finish('c:k2', 409, { error: { code: 'ALREADY_EXISTS' } });
    expect(s.begin('c:k2', hash({ a: 2 })).kind).toBe('conflict');
  });

  it('forgets server errors, so the request can be retried', () => {
    const s = new IdempotencyStore(file);
    s.begin('c:k3', hash({}));
    s.finish('c:k3', 503, { error: { code: 'LEDGER_UNAVAILABLE' } });
    expect(s.begin('c:k3', hash({})).kind).toBe('new');
  });

  it('drops answers past the retention and compacts the file', () => {
    const s = new IdempotencyStore(file);
    s.begin('c:old', hash({}));
    s.finish('c:old', 201, {});
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const old = { ...JSON.parse(lines[0]!), at: new Date(Date.now() - 10 * 24 * 3_600_000).toISOString() };
    fs.writeFileSync(file, `${JSON.stringify(old)}\n`);
    const reloaded = new IdempotencyStore(file);
    expect(reloaded.begin('c:old', hash({})).kind).toBe('new');
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });

  it('keeps at most its bound of entries, the oldest going first, and its file stays bounded too', () => {
    const s = new IdempotencyStore(file, { maxEntries: 3 });
    for (let i = 0; i < 10; i++) {
      s.begin(`c:${i}`, hash({ i }));
      s.finish(`c:${i}`, 201, { i });
    }
    expect(s.size).toBe(3);
    expect(s.begin('c:0', hash({ i: 0 })).kind).toBe('new');
    expect(s.begin('c:9', hash({ i: 9 })).kind).toBe('replay');
    expect(fs.readFileSync(file, 'utf8').trim().split('\n').length).toBeLessThanOrEqual(6);
    const reloaded = new IdempotencyStore(file, { maxEntries: 3 });
    expect(reloaded.size).toBe(3);
  });

  it('does not cache an answer above its size bound (the ledger replays it)', () => {
    const s = new IdempotencyStore(file, { maxAnswerBytes: 200 });
    s.begin('c:big', hash({}));
    s.finish('c:big', 201, { blob: 'x'.repeat(500) });
    expect(s.begin('c:big', hash({})).kind).toBe('new');
    expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').toBe('');
  });

  it('starts from a file whose last line was torn by a crash, keeping the whole lines and dropping the torn one', () => {
    const s = new IdempotencyStore(file);
    s.begin('c:whole', hash({}));
    s.finish('c:whole', 201, { txId: 'a' });
    fs.appendFileSync(file, '{"key":"c:torn","requestHash":"ab');
    const reloaded = new IdempotencyStore(file);
    expect(reloaded.begin('c:whole', hash({})).kind).toBe('replay');
    expect(reloaded.begin('c:torn', hash({})).kind).toBe('new');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('c:torn');
  });

  it("the request hash depends on the key, so the ledger's copy names no guessable body", () => {
    expect(requestSha256('k1', 'POST', '/v1/contracts', { a: 1 })).not.toBe(requestSha256('k2', 'POST', '/v1/contracts', { a: 1 }));
    expect(requestSha256('k1', 'POST', '/v1/contracts', { a: 1 })).toBe(requestSha256('k1', 'POST', '/v1/contracts', { a: 1 }));
  });
});
