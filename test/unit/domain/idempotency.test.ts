// The ledger key of an idempotency claim: derived by the chaincode from the
// creator's identity and the client's key, so no client can name another's.
import { createHash } from 'node:crypto';
import { ALREADY_DONE, alreadyDone, alreadyDoneRecord, DomainError, idempotencyKeyPreimage, parseIdempotencyClaim } from '../../../chaincode/src/domain';
import type { Context } from 'fabric-contract-api';
import { claimIdempotency, idempotencyLedgerKey } from '../../../chaincode/src/ledger/idempotency';

/** Just enough of a chaincode context: transient data, a world state, the creator, the txId. */
function stubContext(state: Map<string, Buffer>, transient: Record<string, string>, txId: string, mspId = 'HousingBureauMSP'): Context {
  return {
    clientIdentity: { getMSPID: () => mspId, getID: () => SUBJECT },
    stub: {
      getTransient: () => new Map(Object.entries(transient).map(([k, v]) => [k, Buffer.from(v)])),
      getTxID: () => txId,
      createCompositeKey: (type: string, attrs: string[]) => `\u0000${type}\u0000${attrs.join('\u0000')}\u0000`,
      getState: async (key: string) => state.get(key) ?? Buffer.alloc(0),
      putState: async (key: string, value: Buffer) => void state.set(key, Buffer.from(value)),
    },
  } as unknown as Context;
}

const SUBJECT = 'x509::CN=company1,OU=client::CN=ca.housing';
const HASH = 'a'.repeat(64);

describe('idempotency ledger key', () => {
  it('is SHA-256 of the canonical (MSP ID, identity, key) triple under the idempotency object type', () => {
    const expected = createHash('sha256')
      .update(JSON.stringify(['HousingBureauMSP', SUBJECT, 'k-1']))
      .digest('hex');
    expect(idempotencyLedgerKey('HousingBureauMSP', SUBJECT, 'k-1')).toEqual(['idempotency', expected]);
    expect(idempotencyKeyPreimage('HousingBureauMSP', SUBJECT, 'k-1')).toBe('["HousingBureauMSP","x509::CN=company1,OU=client::CN=ca.housing","k-1"]');
  });

  it('differs for another MSP, another identity or another key, and cannot be forged by shifting text between them', () => {
    const base = idempotencyLedgerKey('HousingBureauMSP', SUBJECT, 'k-1')[1];
    expect(idempotencyLedgerKey('CourtMSP', SUBJECT, 'k-1')[1]).not.toBe(base);
    expect(idempotencyLedgerKey('HousingBureauMSP', `${SUBJECT}x`, 'k-1')[1]).not.toBe(base);
    expect(idempotencyLedgerKey('HousingBureauMSP', SUBJECT, 'k-2')[1]).not.toBe(base);
    expect(idempotencyLedgerKey('A', 'B:C', 'D')[1]).not.toBe(idempotencyLedgerKey('A:B', 'C', 'D')[1]);
  });

  it('refuses an empty, overlong or control-character key', () => {
    for (const key of ['', 'x'.repeat(301), 'a\nb']) expect(() => idempotencyKeyPreimage('M', SUBJECT, key)).toThrow(DomainError);
  });
});

describe('idempotency claim and refusal', () => {
  it('parses exactly { key, requestSha256 }', () => {
    expect(parseIdempotencyClaim(JSON.stringify({ key: 'k:0', requestSha256: HASH }))).toEqual({ key: 'k:0', requestSha256: HASH });
    expect(() => parseIdempotencyClaim(JSON.stringify({ key: 'k', requestSha256: HASH, txId: 'x' }))).toThrow(/idempotency.txId/);
    expect(() => parseIdempotencyClaim(JSON.stringify({ key: 'k', requestSha256: 'nothex' }))).toThrow(/requestSha256/);
    expect(() => parseIdempotencyClaim('[]')).toThrow(DomainError);
  });

  it('the refusal is ALREADY_EXISTS with reason ALREADY_DONE and the first transaction, and reads back as the record', () => {
    const record = { fn: 'Contracts:Register', requestSha256: HASH, txId: 'f'.repeat(64) };
    const e = alreadyDone(record);
    expect(e).toMatchObject({ code: 'ALREADY_EXISTS', details: { reason: ALREADY_DONE, ...record } });
    expect(alreadyDoneRecord(e.details)).toEqual(record);
    expect(alreadyDoneRecord({ reason: 'OTHER', ...record })).toBeUndefined();
    expect(alreadyDoneRecord(undefined)).toBeUndefined();
  });
});

describe('claimIdempotency (the chaincode side, on a stub context)', () => {
  const claim = (key: string) => ({ idempotency: JSON.stringify({ key, requestSha256: HASH }) });

  it('records { fn, requestSha256, txId } in canonical JSON under the derived key, then refuses the same key', async () => {
    const state = new Map<string, Buffer>();
    await claimIdempotency(stubContext(state, claim('k'), 'tx-1'), 'Contracts:Register');
    const [hash] = idempotencyLedgerKey('HousingBureauMSP', SUBJECT, 'k').slice(1);
    expect([...state.keys()]).toEqual([`\u0000idempotency\u0000${hash}\u0000`]);
    expect([...state.values()][0]!.toString()).toBe(`{"fn":"Contracts:Register","requestSha256":"${HASH}","txId":"tx-1"}`);

    const refusal = claimIdempotency(stubContext(state, claim('k'), 'tx-2'), 'Contracts:Register');
    await expect(refusal).rejects.toMatchObject({ code: 'ALREADY_EXISTS', details: { reason: ALREADY_DONE, txId: 'tx-1' } });
    expect(state.size).toBe(1);
    // Another org's identity with the same key has its own record.
    await claimIdempotency(stubContext(state, claim('k'), 'tx-3', 'CourtMSP'), 'Contracts:Register');
    expect(state.size).toBe(2);
  });

  it('does nothing without a claim', async () => {
    const state = new Map<string, Buffer>();
    await claimIdempotency(stubContext(state, {}, 'tx-1'), 'Contracts:Register');
    expect(state.size).toBe(0);
  });
});
