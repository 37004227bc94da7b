import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IdempotencyStore } from '../../../api/idempotency';

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
});
