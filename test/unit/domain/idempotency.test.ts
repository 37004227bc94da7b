// The ledger key of an idempotency claim: derived by the chaincode from the
// creator's identity and the client's key, so no client can name another's.
import { createHash } from 'node:crypto';
import { ALREADY_DONE, alreadyDone, alreadyDoneRecord, DomainError, idempotencyKeyPreimage, parseIdempotencyClaim } from '../../../chaincode/src/domain';
import { idempotencyLedgerKey } from '../../../chaincode/src/ledger/idempotency';

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
