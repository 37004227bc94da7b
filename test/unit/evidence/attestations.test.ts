// Completeness as of a block, attested by the organisations
// (evidence/verify/attestations.ts): each org's peer endorsed an Evidence:Attest
// answer listing every write of every subject key and the keys under the
// subject's key ranges. A package that leaves a write out, adds one the ledger
// does not have, carries a changed or too few attestations, or claims an as-of
// block it does not hold is refused, naming the check.
import type { EvidencePackage, Statement } from '../../../evidence/format';
import { requiredCoverage } from '../../../evidence/verify/attestations';
import { decodeEndorsedAction, decodeEnvelope } from '../../../evidence/verify/decode';
import { compositeKey } from '../../../evidence/keys';
import { contractKey, disputeKey, disputeTransitionsPrefix } from '../../../chaincode/src/domain';
import { failedIds, loadPackage, PACKAGES, verify } from './support';

const printable = (k: string) => JSON.stringify(k).replace(/\\u0000/g, '␀');
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The attested answer inside an attestation envelope. */
function answerOf(envelope: string): {
  format: string;
  keys: { key: string; writes: { txId: string; isDelete: boolean }[]; valueSha256: string | null }[];
  prefixes: { prefix: string; keys: string[] }[];
} {
  const action = decodeEndorsedAction(decodeEnvelope(Buffer.from(envelope, 'base64'), 'attestation'), 'attestation');
  return JSON.parse(Buffer.from(action.responsePayload).toString('utf8'));
}

describe.each(PACKAGES)('the attestations of %s', (name) => {
  const pkg = loadPackage(name);

  it("are four orgs' answers that list exactly the package's writes of every subject key", () => {
    expect(pkg.attestations.map((a) => a.mspId).sort()).toEqual(['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP']);
    const coverage = requiredCoverage(pkg.kind, pkg.subject, pkg.statements);
    for (const a of pkg.attestations) {
      const answer = answerOf(a.envelope);
      expect(answer.format).toBe('notary-attestation/1');
      for (const key of coverage.keys) expect(answer.keys.map((k) => k.key)).toContain(key);
      expect(answer.prefixes.map((p) => p.prefix).sort()).toEqual([...coverage.prefixes].sort());
      for (const k of answer.keys) {
        const txs = pkg.statements.filter((s) => s.key === k.key).map((s) => s.txId);
        expect([k.key, k.writes.map((w) => w.txId).sort()]).toEqual([k.key, [...new Set(txs)].sort()]);
      }
    }
    const r = verify(pkg);
    expect(r.checks.find((c) => c.id === 'completeness')).toMatchObject({ ok: true, blockNumber: pkg.asOf.blockNumber });
    expect(r.checks.find((c) => c.id === 'attestation.quorum')!.detail).toMatch(/^4 of the 4 application organisations .* a majority needs 3/);
  });

  it('fails attestation.signature when one byte of an attestation envelope is changed (answer, proposal, endorsement)', () => {
    const raw = Buffer.from(pkg.attestations[1]!.envelope, 'base64');
    const answer = raw.indexOf(Buffer.from('notary-attestation/1'));
    const fn = raw.indexOf(Buffer.from('Evidence:Attest'));
    expect(answer).toBeGreaterThan(0);
    expect(fn).toBeGreaterThan(0);
    for (const at of [answer + 3, fn + 2, raw.length - 10, Math.floor(raw.length / 2)]) {
      const changed = Buffer.from(raw);
      changed[at] = changed[at]! ^ 0x01;
      const r = verify({ ...pkg, attestations: pkg.attestations.map((a, i) => (i === 1 ? { ...a, envelope: changed.toString('base64') } : a)) });
      expect(r.ok).toBe(false);
      expect(failedIds(r)).toEqual(['attestation.signature']);
      expect(r.firstFailure!.detail).toMatch(new RegExp(`^cannot be checked: attestation #2 \\(${pkg.attestations[1]!.mspId}\\)`));
      // The other three still make a majority: the quorum holds, the changed one is reported.
      expect(r.checks.find((c) => c.id === 'attestation.quorum')).toMatchObject({ ok: true });
    }
  });

  it("fails attestation.signature when an attestation claims another org than its peer's", () => {
    const [a, b] = pkg.attestations;
    const r = verify({ ...pkg, attestations: [{ ...a!, mspId: b!.mspId }, ...pkg.attestations.slice(1)] });
    expect(r.ok).toBe(false);
    expect(r.firstFailure).toMatchObject({ id: 'attestation.signature' });
    expect(r.firstFailure!.detail).toMatch(new RegExp(`no valid signature by a peer of ${b!.mspId} \\(.*: not a peer of ${b!.mspId}\\)`));
  });

  it('fails attestation.quorum with 2 of the 4 orgs (MAJORITY needs 3), and passes with 3', () => {
    const two = verify({ ...pkg, attestations: pkg.attestations.slice(0, 2) });
    expect(two.ok).toBe(false);
    expect(failedIds(two)).toEqual(['attestation.quorum']);
    expect(two.firstFailure!.detail).toMatch(
      /^2 of the 4 application organisations \(.*\) attested a history that agrees with the package; a majority needs 3/,
    );
    expect(two.checks.some((c) => c.id === 'completeness')).toBe(false);
    for (const dropped of pkg.attestations) {
      const three = verify({ ...pkg, attestations: pkg.attestations.filter((a) => a !== dropped) });
      expect([dropped.mspId, three.ok]).toEqual([dropped.mspId, true]);
    }
    // The same org's attestation four times counts once.
    const same = verify({ ...pkg, attestations: [pkg.attestations[0]!, pkg.attestations[0]!, pkg.attestations[0]!, pkg.attestations[0]!] });
    expect(failedIds(same)).toEqual(['attestation.quorum']);
    expect(same.firstFailure!.detail).toMatch(/^1 of the 4 application organisations/);
    expect(failedIds(verify({ ...pkg, attestations: [] }))).toEqual(['attestation.quorum']);
  });

  it('fails completeness when asOf names a block the package does not hold', () => {
    const held = new Set([...pkg.blocks, ...pkg.configBlocks].map((b) => b.number));
    const missing = [...Array(200).keys()].map(String).find((n) => !held.has(n) && BigInt(n) > BigInt(pkg.blocks[0]!.number))!;
    for (const blockNumber of [missing, String(BigInt(pkg.asOf.blockNumber) + 1n)]) {
      const r = verify({ ...pkg, asOf: { blockNumber } });
      expect(r.ok).toBe(false);
      expect(failedIds(r)).toEqual(['completeness']);
      expect(r.firstFailure).toMatchObject({ id: 'completeness', blockNumber });
      expect(r.firstFailure!.detail).toBe(`the as-of block ${blockNumber} is not a verified block of the package`);
    }
  });

  it('fails completeness when asOf names an older block than the newest the package holds', () => {
    const older = pkg.blocks[pkg.blocks.length - 2]!.number;
    const r = verify({ ...pkg, asOf: { blockNumber: older } });
    expect(r.ok).toBe(false);
    expect(failedIds(r)).toEqual(['completeness']);
    expect(r.firstFailure!.detail).toBe(`the as-of block ${older} is older than block ${pkg.blocks[pkg.blocks.length - 1]!.number} of the package`);
  });
});

describe('the dispute package without its newest transition', () => {
  const pkg = loadPackage('dispute.json');
  const newest = pkg.statements
    .filter((s) => s.recordType === 'disputeTransition')
    .sort((a, b) => (a.value as { seq: number }).seq - (b.value as { seq: number }).seq)
    .pop()!;
  const dropTx = newest.txId;

  /** The package as an exporter that left the settlement out would build it: every part of that transaction removed, records made to agree. */
  function truncated(): EvidencePackage {
    type DisputeHistory = { dispute: unknown; transitions: { seq: number }[]; writes: { txId: string; value: unknown }[] };
    const records = pkg.records as { dispute: DisputeHistory } & Record<string, unknown>;
    const writes = records.dispute.writes.filter((w) => w.txId !== dropTx);
    const dispute: DisputeHistory = {
      ...records.dispute,
      dispute: writes[writes.length - 1]!.value,
      transitions: records.dispute.transitions.filter((t) => t.seq !== (newest.value as { seq: number }).seq),
      writes,
    };
    const tx = pkg.transactions.find((t) => t.txId === dropTx)!;
    const stillNeeded = tx.blockNumber === pkg.asOf.blockNumber || pkg.transactions.some((t) => t.txId !== dropTx && t.blockNumber === tx.blockNumber);
    return {
      ...pkg,
      records: { ...records, dispute },
      statements: pkg.statements.filter((s) => s.txId !== dropTx),
      transactions: pkg.transactions.filter((t) => t.txId !== dropTx),
      documents: pkg.documents.filter((d) => d.txId !== dropTx),
      blocks: stillNeeded ? pkg.blocks : pkg.blocks.filter((b) => b.number !== tx.blockNumber),
    };
  }

  it('fails completeness alone: every org attested a write the package leaves out', () => {
    expect((newest.value as { to: string }).to).toBe('MEDIATED_SETTLED');
    const r = verify(truncated());
    expect(r.ok).toBe(false);
    // Everything the package still shows verifies; only the attested history disagrees.
    expect(failedIds(r)).toEqual(['attestation.quorum', 'completeness']);
    const failures = r.checks.filter((c) => c.id === 'completeness' && !c.ok);
    expect(failures).toHaveLength(pkg.attestations.length);
    const key = compositeKey(disputeKey(pkg.subject));
    for (const f of failures) {
      expect(f.detail).toMatch(new RegExp(`key ${esc(printable(key))} was also written by ${dropTx.slice(0, 12)}…, which the package leaves out`));
      expect(f.detail).toMatch(
        new RegExp(`1 key\\(s\\) under ${esc(printable(compositeKey(disputeTransitionsPrefix(pkg.subject))))} have no statement in the package`),
      );
    }
    expect(r.checks.find((c) => c.id === 'attestation.quorum')!.detail).toMatch(/^0 of the 4/);
  });
});

describe('a statement of a write not in the attested history', () => {
  it('fails statement.write and completeness when a statement names another transaction that wrote the same key', () => {
    const pkg = loadPackage('dispute.json');
    const key = compositeKey(disputeKey(pkg.subject));
    const writes = pkg.statements.filter((s) => s.key === key);
    expect(writes.length).toBeGreaterThanOrEqual(2);
    const [first, second] = writes;
    // The first write's statement claims the second write's transaction (which did write the key, another value).
    const statements = pkg.statements.map((s) => (s === first ? { ...s, txId: second!.txId } : s));
    const r = verify({ ...pkg, statements });
    expect(r.ok).toBe(false);
    expect(failedIds(r)).toEqual(expect.arrayContaining(['statement.write', 'completeness']));
    expect(r.checks.find((c) => c.id === 'completeness' && !c.ok)!.detail).toMatch(
      new RegExp(`key ${esc(printable(key))} was also written by ${first!.txId.slice(0, 12)}…, which the package leaves out`),
    );
  });

  it("fails completeness when a shipped block's write of a key outside the attested keys is added as a statement", () => {
    // The contract package ships its as-of block, whose transaction wrote the dispute (not a key the contract's attestations cover).
    const pkg = loadPackage('contract.json');
    const dispute = loadPackage('dispute.json');
    const foreign = dispute.statements.find(
      (s) => s.recordType === 'dispute' && dispute.transactions.find((t) => t.txId === s.txId)?.blockNumber === pkg.asOf.blockNumber,
    );
    expect(foreign).toBeDefined();
    const tx = dispute.transactions.find((t) => t.txId === foreign!.txId)!;
    expect(pkg.blocks.map((b) => b.number)).toContain(tx.blockNumber);
    const r = verify({ ...pkg, statements: [...pkg.statements, foreign as Statement], transactions: [...pkg.transactions, tx] });
    expect(r.ok).toBe(false);
    expect(failedIds(r)).toContain('completeness');
    // The write itself is genuine: the transaction verifies and wrote exactly that value.
    expect(r.checks.filter((c) => c.id === 'statement.write' && c.txId === tx.txId).map((c) => c.ok)).toEqual([true]);
    expect(r.checks.find((c) => c.id === 'completeness' && !c.ok)!.detail).toMatch(new RegExp(`key ${esc(printable(foreign!.key))} is not attested`));
  });
});

describe('requiredCoverage', () => {
  it(
    'covers the contract key and its versions for a contract; the dispute, its transitions, letters, receipts, contract, arrears and risk warnings ' +
      'for a dispute',
    () => {
      const contract = loadPackage('contract.json');
      expect(requiredCoverage('contract', contract.subject, contract.statements)).toEqual({
        keys: [compositeKey(contractKey(contract.subject))],
        prefixes: [expect.stringContaining(contract.subject)],
      });
      const dispute = loadPackage('dispute.json');
      const c = requiredCoverage('dispute', dispute.subject, dispute.statements);
      const contractId = (dispute.statements.find((s) => s.recordType === 'dispute')!.value as { contractId: string }).contractId;
      expect(c.keys).toEqual([compositeKey(disputeKey(dispute.subject)), compositeKey(contractKey(contractId))]);
      expect(c.prefixes.map((p) => p.split('\u0000')[1])).toEqual(['disputeTransition', 'letter', 'receipt', 'contractVersion', 'arrearsEvent', 'riskWarning']);
      // Without the dispute's own statement, the contract, arrears and risk warnings drop out of the coverage: then its key has no statement.
      const bare = requiredCoverage(
        'dispute',
        dispute.subject,
        dispute.statements.filter((s) => s.recordType !== 'dispute'),
      );
      expect(bare.keys).toEqual([compositeKey(disputeKey(dispute.subject))]);
    },
  );
});
