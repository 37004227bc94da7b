// The HTTP API (api/) through app.inject on a real app wired to the real
// network: every endpoint with its success answer, every error status with the
// one error shape (and, for refused writes, proof that the ledger did not
// change), idempotency keys, and the non-custodial signing flow.
import { signers } from '@hyperledger/fabric-gateway';
import { createPrivateKey, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { readNetworkDescription } from '../../network/description';
import { NETWORK_JSON } from '../../network/native/paths';
import { commitmentOf, issueTestKeys, newOwner, startApi, withWrongCheckDigit, type IssuedKeys, type Reply, type TestApi } from './support/api';
import { contractInput, newHash, ownedId, sha256, uniqueId } from './support/fixtures';

const COMPANY_1 = '91110105MA01XQ7T3B';
const COMPANY_2 = '91110105MA00K5Y2R0';
const TX_ID = /^[0-9a-f]{64}$/;
const BLOCK = /^\d+$/;

let keys: IssuedKeys;
let api: TestApi;
let company1: ReturnType<TestApi['as']>, company2: ReturnType<TestApi['as']>, regulator: ReturnType<TestApi['as']>;
let mediator: ReturnType<TestApi['as']>, judge: ReturnType<TestApi['as']>, lawyerA: ReturnType<TestApi['as']>, lawyerB: ReturnType<TestApi['as']>;

beforeAll(async () => {
  keys = issueTestKeys();
  api = await startApi(keys);
  company1 = api.as('housingbureau-company1');
  company2 = api.as('housingbureau-company2');
  regulator = api.as('housingbureau-regulator1');
  mediator = api.as('court-mediator1');
  judge = api.as('court-judge1');
  lawyerA = api.as('lawfirma-lawyer1');
  lawyerB = api.as('lawfirmb-lawyer1');
});

afterAll(async () => {
  await api?.close();
  if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
});

const show = (r: Reply) => `${r.status} ${r.text.slice(0, 600)}`;

/** A success answer with the expected status (the message shows the body otherwise). */
function ok(r: Reply, status = 200): Reply {
  if (r.status !== status) throw new Error(`expected ${status}, got ${show(r)}`);
  return r;
}

/** A write's answer: 201 with the transaction that wrote it and its block. */
function written(r: Reply): Reply {
  ok(r, 201);
  expect(r.body.txId).toMatch(TX_ID);
  expect(r.body.blockNumber).toMatch(BLOCK);
  return r;
}

/** The one error shape: { error: { code, message, details?, txId?, peers? } } and nothing else. */
function failed(r: Reply, status: number, code: string): Reply {
  if (r.status !== status) throw new Error(`expected ${status} ${code}, got ${show(r)}`);
  expect(Object.keys(r.body)).toEqual(['error']);
  expect(r.body.error).toMatchObject({ code, message: expect.any(String) });
  expect(r.body.error.message.length).toBeGreaterThan(0);
  expect(Object.keys(r.body.error).filter((k) => !['code', 'message', 'details', 'txId', 'peers'].includes(k))).toEqual([]);
  expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
  return r;
}

const now = () => new Date().toISOString();
const letterBody = (eventTime = now()) => ({ letterId: uniqueId('L'), contentSha256: newHash(), channel: 'SMS', recipientCommitment: newHash(), eventTime });
const receiptBody = (kind: 'DELIVERED' | 'VIEWED') => ({ receiptId: uniqueId('R'), kind, evidenceSha256: newHash(), eventTime: now() });

async function registered(projectId = ownedId('P'), overrides: Record<string, unknown> = {}) {
  const input = contractInput(projectId, overrides);
  const r = written(await company1.post('/v1/contracts', input));
  return { input, txId: r.body.txId as string, blockNumber: r.body.blockNumber as string };
}

describe('operations endpoints', () => {
  it('/healthz answers ok and /readyz the channel height from a peer', async () => {
    expect(ok(await api.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = ok(await api.request('GET', '/readyz')).body;
    expect(ready).toEqual({ status: 'ready', channel: 'notary', height: expect.stringMatching(BLOCK) });
    expect(BigInt(ready.height)).toBeGreaterThan(1n);
  });

  it('/docs/json is an OpenAPI 3 document with every /v1 path', async () => {
    const doc = ok(await api.request('GET', '/docs/json')).body;
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/contracts',
        '/v1/contracts/batch',
        '/v1/contracts/{contractId}',
        '/v1/contracts/{contractId}/history',
        '/v1/contracts/{contractId}/amendments',
        '/v1/contracts/{contractId}/termination',
        '/v1/contracts/{contractId}/owner',
        '/v1/contracts/{contractId}/arrears',
        '/v1/arrears-events',
        '/v1/arrears-events/batch',
        '/v1/projects/{projectId}/risk-threshold',
        '/v1/projects/{projectId}/risk-evaluations',
        '/v1/projects/{projectId}/arrears-ratio',
        '/v1/projects/{projectId}/risk-warnings',
        '/v1/disputes',
        '/v1/disputes/{disputeId}',
        '/v1/disputes/{disputeId}/history',
        '/v1/disputes/{disputeId}/transitions',
        '/v1/disputes/{disputeId}/letters',
        '/v1/disputes/{disputeId}/letters/{letterId}',
        '/v1/disputes/{disputeId}/letters/{letterId}/receipts',
        '/v1/funnel',
        '/v1/documents/{sha256}',
        '/v1/transactions/{txId}',
        '/v1/evidence/contracts/{contractId}',
        '/v1/evidence/disputes/{disputeId}',
        '/v1/evidence/contracts/{contractId}/package',
        '/v1/evidence/disputes/{disputeId}/package',
        '/v1/signing/proposals',
        '/v1/signing/endorsements',
        '/v1/signing/transactions',
        '/healthz',
        '/readyz',
      ]),
    );
    expect(paths).not.toContain('/metrics');
    expect(Object.keys(doc.paths['/v1/contracts'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '413', '429']));
  });
});

describe('contracts', () => {
  const owner = newOwner();
  let contract: { input: ReturnType<typeof contractInput>; txId: string; blockNumber: string };
  let amendedDoc: string;

  it('registers a contract (201 with txId, block and the record, company from the certificate)', async () => {
    contract = await registered(ownedId('P'), { ownerCommitment: commitmentOf(owner) });
    const got = ok(await regulator.get(`/v1/contracts/${contract.input.contractId}`)).body;
    expect(got.contract).toMatchObject({
      contractId: contract.input.contractId,
      projectId: contract.input.projectId,
      companyId: COMPANY_1,
      version: 1,
      status: 'ACTIVE',
      ownerCommitment: sha256(JSON.stringify({ idNumber: owner.idNumber, name: owner.name, phone: owner.phone, salt: owner.salt })),
    });
  });

  it('finds the registration VALID in its block, and 404 for an unknown transaction', async () => {
    const status = ok(await lawyerB.get(`/v1/transactions/${contract.txId}`)).body;
    expect(status).toEqual({ txId: contract.txId, validationCode: 'VALID', valid: true, blockNumber: contract.blockNumber });
    const unknown = newHash();
    expect(failed(await lawyerB.get(`/v1/transactions/${unknown}`), 404, 'NOT_FOUND').body.error.message).toContain(unknown);
  });

  it('deposits the owner (checked against the commitment) and reads it back, court and bureau only', async () => {
    const id = contract.input.contractId;
    // A different (valid) phone does not match the commitment: the chaincode refuses it and nothing is deposited.
    const mismatch = failed(await company1.put(`/v1/contracts/${id}/owner`, { ...owner, phone: '13800000000' }), 400, 'INVALID_ARGUMENT');
    expect(mismatch.body.error.details).toMatchObject({ field: 'owner' });
    failed(await judge.get(`/v1/contracts/${id}/owner`), 404, 'NOT_FOUND');

    // With an Idempotency-Key, as the demo sends it: a private write carries no claim, so the endorsers stay the
    // collection's members (a public claim key would make the gateway refuse to send the transient data).
    const deposited = written(await company1.put(`/v1/contracts/${id}/owner`, owner, { 'idempotency-key': randomUUID() })).body;
    expect(deposited).toMatchObject({ contractId: id, collection: 'ownerPII' });
    for (const reader of [judge, regulator, company1]) {
      const got = ok(await reader.get(`/v1/contracts/${id}/owner`)).body;
      expect(got).toEqual({ contractId: id, owner, ownerCommitment: commitmentOf(owner) });
    }
    failed(await lawyerA.get(`/v1/contracts/${id}/owner`), 403, 'FORBIDDEN');
  });

  it('refuses owner data whose resident ID has a wrong check digit (chaincode 400), and nothing is deposited', async () => {
    const other = newOwner();
    const bad = { ...other, idNumber: withWrongCheckDigit(other.idNumber) };
    const c = await registered(ownedId('P'), { ownerCommitment: commitmentOf(bad) });
    const r = failed(await company1.put(`/v1/contracts/${c.input.contractId}/owner`, bad), 400, 'INVALID_ARGUMENT');
    expect(r.body.error.details).toMatchObject({ field: 'owner.idNumber' });
    failed(await regulator.get(`/v1/contracts/${c.input.contractId}/owner`), 404, 'NOT_FOUND');
    // The API's own schema refuses a malformed phone before the ledger.
    const schema = failed(await company1.put(`/v1/contracts/${c.input.contractId}/owner`, { ...other, phone: '12345678901' }), 400, 'INVALID_ARGUMENT');
    expect(schema.body.error.details).toMatchObject({ field: 'body/phone', keyword: 'pattern' });
  });

  it('amends (a new version) and refuses a stale previousVersion with 409, writing nothing', async () => {
    const id = contract.input.contractId;
    amendedDoc = newHash();
    const amended = written(
      await company1.post(`/v1/contracts/${id}/amendments`, {
        previousVersion: 1,
        documentSha256: amendedDoc,
        feeTerms: { ...contract.input.feeTerms, monthlyFeeFen: 38_000 },
      }),
    ).body;
    expect(amended.contract).toMatchObject({ contractId: id, version: 2, previousVersion: 1, previousDocumentSha256: contract.input.documentSha256 });
    const stale = failed(await company1.post(`/v1/contracts/${id}/amendments`, { previousVersion: 1, documentSha256: newHash() }), 409, 'STAGE_CONFLICT');
    expect(stale.body.error.peers?.length ?? 0).toBeGreaterThan(0);
    const history = ok(await judge.get(`/v1/contracts/${id}/history`)).body;
    expect(history.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it("refuses company2 on company1's contract (403), writing nothing", async () => {
    const id = contract.input.contractId;
    failed(await company2.get(`/v1/contracts/${id}`), 403, 'FORBIDDEN');
    failed(await company2.post(`/v1/contracts/${id}/termination`, { effectiveDate: '2025-01-01' }), 403, 'FORBIDDEN');
    failed(await company2.post(`/v1/contracts/${id}/amendments`, { previousVersion: 2, documentSha256: newHash() }), 403, 'FORBIDDEN');
    const got = ok(await judge.get(`/v1/contracts/${id}`)).body;
    expect(got.contract).toMatchObject({ version: 2, status: 'ACTIVE' });
  });

  it('terminates, and the history has every version and every write with its transaction', async () => {
    const id = contract.input.contractId;
    const ended = written(await company1.post(`/v1/contracts/${id}/termination`, { effectiveDate: '2025-06-30', reason: '合同期满前解除' })).body;
    expect(ended.contract).toMatchObject({ version: 3, status: 'TERMINATED' });
    const history = ok(await mediator.get(`/v1/contracts/${id}/history`)).body;
    expect(history.contract).toMatchObject({ contractId: id, version: 3, status: 'TERMINATED' });
    expect(history.versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(history.writes).toHaveLength(3);
    expect(history.writes[0].txId).toBe(contract.txId);
    expect(history.writes[2].txId).toBe(ended.txId);
  });

  it("lists by project and by company; a company may not list another's", async () => {
    const byProject = ok(await regulator.get(`/v1/contracts?projectId=${contract.input.projectId}`)).body;
    expect(byProject.contracts.map((c: { contractId: string }) => c.contractId)).toEqual([contract.input.contractId]);
    // Another company listing the project gets none of its contracts.
    expect(ok(await company2.get(`/v1/contracts?projectId=${contract.input.projectId}`)).body.contracts).toEqual([]);
    // company2's own list (company1's is thousands of contracts long on a shared network).
    const mine = contractInput(ownedId('P', COMPANY_2));
    written(await company2.post('/v1/contracts', mine));
    const byCompany: { contractId: string; companyId: string }[] = [];
    let bookmark = '';
    do {
      // paged: follow the bookmarks
      const page = ok(
        await company2.get(`/v1/contracts?companyId=${COMPANY_2}&pageSize=1000${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`),
      ).body;
      byCompany.push(...page.contracts);
      bookmark = page.bookmark;
    } while (bookmark);
    expect(byCompany.map((c) => c.contractId)).toContain(mine.contractId);
    expect(byCompany.every((c) => c.companyId === COMPANY_2)).toBe(true);
    failed(await company2.get(`/v1/contracts?companyId=${COMPANY_1}`), 403, 'FORBIDDEN');
  });

  it("looks up a document's anchors, and 404 for a hash nobody anchored", async () => {
    const found = ok(await regulator.get(`/v1/documents/${amendedDoc}`)).body;
    expect(found.sha256).toBe(amendedDoc);
    expect(found.anchors).toEqual([expect.objectContaining({ recordType: 'contract', recordId: `${contract.input.contractId}@2` })]);
    failed(await regulator.get(`/v1/documents/${newHash()}`), 404, 'NOT_FOUND');
  });

  it("exports a contract's evidence with every writing transaction and its block", async () => {
    const id = contract.input.contractId;
    const ev = ok(await judge.get(`/v1/evidence/contracts/${id}`)).body;
    expect(ev).toMatchObject({ format: 'notary-evidence/1', kind: 'contract', subject: id, channel: 'notary' });
    expect(Date.parse(ev.exportedAt)).not.toBeNaN();
    expect(ev.records.history.versions).toHaveLength(3);
    expect(ev.records.arrears).toMatchObject({ contractId: id, events: [] });
    expect(ev.transactions).toHaveLength(3);
    expect(ev.transactions[0]).toEqual({ txId: contract.txId, blockNumber: contract.blockNumber, validationCode: 'VALID' });
    const blocks = ev.transactions.map((t: { blockNumber: string }) => Number(t.blockNumber));
    expect([...blocks].sort((a, b) => a - b)).toEqual(blocks);
    for (const t of ev.transactions)
      expect(t).toMatchObject({ txId: expect.stringMatching(TX_ID), blockNumber: expect.stringMatching(BLOCK), validationCode: 'VALID' });
  });

  it("exports a contract's self-verifying package as an attachment, with its blocks, the configuration history and attestations", async () => {
    const id = contract.input.contractId;
    const r = ok(await judge.get(`/v1/evidence/contracts/${id}/package`));
    expect(r.headers['content-disposition']).toBe(`attachment; filename="evidence-contract-${id.replace(':', '_')}.json"`);
    const pkg = r.body;
    expect(pkg).toMatchObject({ format: 'notary-evidence-package/2', kind: 'contract', subject: id, channel: 'notary', chaincode: 'notary' });
    expect(pkg.transactions).toEqual(
      expect.arrayContaining([expect.objectContaining({ txId: contract.txId, blockNumber: contract.blockNumber, validationCode: 'VALID' })]),
    );
    expect(pkg.blocks.map((b: { number: string }) => b.number)).toContain(contract.blockNumber);
    const newest = Math.max(...pkg.blocks.map((b: { number: string }) => Number(b.number)));
    expect(Number(pkg.asOf.blockNumber)).toBe(newest);
    expect(pkg.configBlocks[0].number).toBe('0');
    expect(pkg.attestations.length).toBeGreaterThanOrEqual(3);
    expect(pkg.statements.map((st: { txId: string }) => st.txId)).toContain(contract.txId);
    failed(await company2.get(`/v1/evidence/contracts/${id}/package`), 403, 'FORBIDDEN');
  });
});

describe("a project's count deltas", () => {
  /** The project's delta keys on the ledger, listed through an attestation. */
  const deltaKeys = async (projectId: string) =>
    (
      await api.app.ledger.ledger.evaluate<{ prefixes: { keys: string[] }[] }>('HousingBureauMSP', 'regulator1', {
        contract: 'Evidence',
        fn: 'Attest',
        args: [JSON.stringify({ keys: [], prefixes: [['projectDelta', COMPANY_1, projectId]] })],
      })
    ).prefixes[0]!.keys;
  /** The project's funnel and ratio both count `contracts`. */
  const countsContracts = async (projectId: string, contracts: number) => {
    const funnel = ok(await regulator.get(`/v1/funnel?projectId=${encodeURIComponent(projectId)}`)).body;
    expect(funnel.funnel).toMatchObject({ contracts });
    expect(ok(await regulator.get(`/v1/projects/${encodeURIComponent(projectId)}/arrears-ratio`)).body).toMatchObject({ activeContracts: contracts });
  };

  it('are folded by the API once 32 of its writes wait, in the background, and the funnel counts the same', async () => {
    const projectId = ownedId('P');
    const folds = () => api.submitted('Arrears', 'CompactDeltas');
    const foldedBefore = await folds();
    // The first names the project's owner; then 4 at a time (the API's writes in flight).
    await registered(projectId);
    for (let i = 0; i < 30; i += 4) await Promise.all(Array.from({ length: Math.min(4, 30 - i) }, () => registered(projectId)));
    await api.app.ledger.compaction.idle();
    expect(await deltaKeys(projectId)).toHaveLength(31);
    expect(await folds()).toBe(foldedBefore);
    await registered(projectId);
    await api.app.ledger.compaction.idle();
    expect(await folds()).toBe(foldedBefore + 1);
    expect(await deltaKeys(projectId)).toHaveLength(1);
    await countsContracts(projectId, 32);
  });

  it('written where the API did not see them (through the gateway, before a restart) are listed and folded on its first write to the project', async () => {
    const projectId = ownedId('P');
    // 40 registrations the API never answered: each its own delta.
    const direct = () =>
      api.app.ledger.ledger.submit('HousingBureauMSP', 'company1', {
        contract: 'Contracts',
        fn: 'Register',
        args: [JSON.stringify(contractInput(projectId))],
      });
    await direct();
    for (let i = 1; i < 40; i += 13) await Promise.all(Array.from({ length: Math.min(13, 40 - i) }, direct));
    await api.app.ledger.compaction.idle();
    expect(await deltaKeys(projectId)).toHaveLength(40);
    // One write through the API: the project is new to it, so it lists the 41 deltas there and folds them at once.
    await registered(projectId);
    await api.app.ledger.compaction.idle();
    expect(await deltaKeys(projectId)).toHaveLength(1);
    await countsContracts(projectId, 41);
  });
});

describe('contract batches', () => {
  it('registers 600 contracts in two transactions (500 + 100), all on the ledger', async () => {
    const project = ownedId('P');
    const items = Array.from({ length: 600 }, () => contractInput(project));
    const out = written(await company1.post('/v1/contracts/batch', { items })).body;
    expect(out.count).toBe(600);
    expect(out.transactions).toHaveLength(2);
    expect(out.transactions.map((t: { count: number }) => t.count)).toEqual([500, 100]);
    expect(new Set(out.transactions.map((t: { txId: string }) => t.txId)).size).toBe(2);
    expect(out.txId).toBe(out.transactions[1].txId);
    for (const t of out.transactions) {
      expect(ok(await regulator.get(`/v1/transactions/${t.txId}`)).body).toMatchObject({ valid: true, blockNumber: t.blockNumber });
    }
    const listed = ok(await regulator.get(`/v1/contracts?projectId=${project}&pageSize=1000`)).body;
    expect(listed.contracts).toHaveLength(600);
    expect(listed.bookmark).toBe('');

    // Paged: 250 + 250 + 100, every contract once, the last page without a bookmark.
    const pages: number[] = [];
    const seen = new Set<string>();
    let bookmark = '';
    do {
      const page = ok(
        await regulator.get(`/v1/contracts?projectId=${project}&pageSize=250${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`),
      ).body;
      pages.push(page.contracts.length);
      for (const c of page.contracts) seen.add(c.contractId);
      bookmark = page.bookmark;
    } while (bookmark);
    expect(pages).toEqual([250, 250, 100]);
    expect(seen.size).toBe(600);
  });

  it('reports the committed chunks when a later chunk fails, and that chunk writes nothing', async () => {
    const project = ownedId('P');
    const existing = await registered(project);
    const items = [...Array.from({ length: 500 }, () => contractInput(project)), contractInput(project), { ...existing.input }];
    const r = failed(await company1.post('/v1/contracts/batch', { items }), 409, 'ALREADY_EXISTS');
    expect(r.body.error.details).toMatchObject({ firstUncommittedIndex: 500, committed: [{ count: 500, txId: expect.stringMatching(TX_ID) }] });
    const listed = ok(await regulator.get(`/v1/contracts?projectId=${project}&pageSize=1000`)).body;
    expect(listed.contracts).toHaveLength(501); // the existing one and the first chunk
    failed(await regulator.get(`/v1/contracts/${items[500]!.contractId}`), 404, 'NOT_FOUND');
  });

  it('refuses more than 2,500 items before the ledger (400 naming the field)', async () => {
    const project = ownedId('P');
    const items = Array.from({ length: 2501 }, () => contractInput(project));
    const r = failed(await company1.post('/v1/contracts/batch', { items }), 400, 'INVALID_ARGUMENT');
    expect(r.body.error.details).toMatchObject({ field: 'body/items', keyword: 'maxItems' });
    expect(ok(await regulator.get(`/v1/contracts?projectId=${project}`)).body.contracts).toEqual([]);
  });

  it('refuses a 1,500-item batch whose last item is bad (400 naming index 1499) before the ledger: no contract of the project is written', async () => {
    const project = ownedId('P');
    const items = Array.from({ length: 1500 }, () => contractInput(project));
    items[1499] = { ...items[1499]!, termEnd: items[1499]!.termStart }; // the chaincode's validator refuses it; the schema does not
    const r = failed(await company1.post('/v1/contracts/batch', { items }), 400, 'INVALID_ARGUMENT');
    expect(r.body.error.details).toEqual({ items: [{ index: 1499, field: 'termEnd', message: 'must be after termStart' }] });
    expect(r.body.error.message).toContain('items[1499].termEnd');
    expect(ok(await regulator.get(`/v1/contracts?projectId=${project}&pageSize=1000`)).body).toMatchObject({ contracts: [], bookmark: '' });
    for (const i of [0, 500, 1000, 1498]) failed(await regulator.get(`/v1/contracts/${items[i]!.contractId}`), 404, 'NOT_FOUND');
  });
});

describe('arrears and risk', () => {
  const project = ownedId('P');
  let contractIds: string[];

  beforeAll(async () => {
    const items = Array.from({ length: 4 }, () => contractInput(project));
    written(await company1.post('/v1/contracts/batch', { items }));
    contractIds = items.map((c) => c.contractId);
  });

  const bill = (contractId: string, period = '2024-05') => ({ eventId: uniqueId('E'), contractId, type: 'billed', period, amountFen: 35_000 });

  it('sets a project threshold (regulator only)', async () => {
    failed(await company1.put(`/v1/projects/${project}/risk-threshold`, { thresholdBp: 100 }), 403, 'FORBIDDEN');
    const out = written(await regulator.put(`/v1/projects/${project}/risk-threshold`, { thresholdBp: 5000 })).body;
    expect(out.threshold).toMatchObject({ projectId: project, thresholdBp: 5000 });
    expect(ok(await regulator.get(`/v1/projects/${project}/arrears-ratio`)).body.thresholdBp).toBe(5000);
  });

  it("records one event, and a batch answered with the project's risk evaluation", async () => {
    const single = written(await company1.post('/v1/arrears-events', bill(contractIds[0]!))).body;
    expect(single.event).toMatchObject({ contractId: contractIds[0], type: 'billed', period: '2024-05', amountFen: 35_000 });
    const batch = written(await company1.post('/v1/arrears-events/batch', { items: contractIds.slice(1).map((id) => bill(id)) })).body;
    expect(batch.count).toBe(3);
    expect(batch.transactions).toEqual([expect.objectContaining({ txId: batch.txId, count: 3, projectIds: [project] })]);
    expect(batch.evaluations).toHaveLength(1);
    expect(batch.evaluations[0]).toMatchObject({ projectId: project, thresholdBp: 5000, atRisk: true, ratio: { numerator: 4, denominator: 4 } });
    expect(batch.evaluations[0].warning).toMatchObject({ projectId: project, inputHash: expect.stringMatching(TX_ID) });
  });

  it('paying more than is owed is refused by the chaincode (400), and no event is added', async () => {
    const paid = { eventId: uniqueId('E'), contractId: contractIds[0]!, type: 'paid', period: '2024-05', amountFen: 35_001 };
    failed(await company1.post('/v1/arrears-events', paid), 400, 'INVALID_ARGUMENT');
    const events = ok(await company1.get(`/v1/contracts/${contractIds[0]}/arrears`)).body;
    expect(events.events).toHaveLength(1);
    expect(events.balances).toEqual([expect.objectContaining({ period: '2024-05' })]);
  });

  it('evaluates risk on request (no second warning), reads the ratio and the warnings', async () => {
    failed(await lawyerA.post(`/v1/projects/${project}/risk-evaluations`), 403, 'FORBIDDEN');
    const again = written(await mediator.post(`/v1/projects/${project}/risk-evaluations`)).body;
    expect(again).toMatchObject({ projectId: project, atRisk: true, warning: null, thresholdBp: 5000 });
    const ratio = ok(await regulator.get(`/v1/projects/${project}/arrears-ratio`)).body;
    expect(ratio).toMatchObject({ projectId: project, ratio: { numerator: 4, denominator: 4 }, activeContracts: 4, atRisk: true });
    const warnings = ok(await company1.get(`/v1/projects/${project}/risk-warnings`)).body;
    expect(warnings.projectId).toBe(project);
    expect(warnings.warnings).toHaveLength(1);
  });
});

describe('disputes and letters', () => {
  const project = ownedId('P');
  let contractId: string;
  let disputeId: string;
  let letterId: string;
  const writes: string[] = [];

  beforeAll(async () => {
    contractId = (await registered(project)).input.contractId;
  });

  it("opens a dispute on the company's own contract; a lawyer or another company may not", async () => {
    disputeId = ownedId('D');
    const body = { disputeId, contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 4_464_700, periods: ['2024-05'], description: '拖欠物业费' };
    failed(await lawyerA.post('/v1/disputes', body), 403, 'FORBIDDEN');
    failed(await company2.post('/v1/disputes', body), 403, 'FORBIDDEN');
    failed(await mediator.get(`/v1/disputes/${disputeId}`), 404, 'NOT_FOUND');
    const out = written(await company1.post('/v1/disputes', body)).body;
    expect(out.dispute).toMatchObject({ disputeId, contractId, projectId: project, companyId: COMPANY_1, stage: 'OPENED' });
    expect(out.transition).toMatchObject({ to: 'OPENED' });
    writes.push(out.txId);
    failed(await company1.post('/v1/disputes', body), 409, 'ALREADY_EXISTS');
  });

  it('anchors a letter (eventTime now); a backdated one is refused by the chaincode and not anchored', async () => {
    const backdated = failed(
      await lawyerA.post(`/v1/disputes/${disputeId}/letters`, letterBody(new Date(Date.now() - 10 * 60_000).toISOString())),
      400,
      'INVALID_ARGUMENT',
    );
    expect(backdated.body.error.details).toMatchObject({ field: expect.stringContaining('eventTime') });
    expect(ok(await mediator.get(`/v1/disputes/${disputeId}/letters`)).body.letters).toEqual([]);

    const l = letterBody();
    letterId = l.letterId;
    const out = written(await lawyerA.post(`/v1/disputes/${disputeId}/letters`, l)).body;
    expect(out.letter).toMatchObject({ letterId, disputeId, contentSha256: l.contentSha256, lawFirmMspId: 'LawFirmAMSP', txId: out.txId });
    expect(out.dispute.stage).toBe('LETTER_SENT');
    expect(out.transition).toMatchObject({ to: 'LETTER_SENT' });
    writes.push(out.txId);
  });

  it('anchors DELIVERED then VIEWED receipts, only from the sending firm and in order', async () => {
    failed(await lawyerB.post(`/v1/disputes/${disputeId}/letters/${letterId}/receipts`, receiptBody('DELIVERED')), 403, 'FORBIDDEN');
    failed(await lawyerA.post(`/v1/disputes/${disputeId}/letters/${letterId}/receipts`, receiptBody('VIEWED')), 409, 'STAGE_CONFLICT');
    for (const kind of ['DELIVERED', 'VIEWED'] as const) {
      const out = written(await lawyerA.post(`/v1/disputes/${disputeId}/letters/${letterId}/receipts`, receiptBody(kind))).body;
      expect(out.receipt).toMatchObject({ kind, letterId, disputeId });
      expect(out.dispute.stage).toBe(kind);
      writes.push(out.txId);
    }
    const got = ok(await company1.get(`/v1/disputes/${disputeId}/letters/${letterId}`)).body;
    expect(got.letter.letterId).toBe(letterId);
    // Receipts come in key (receiptId) order; by anchoring time they are DELIVERED, then VIEWED.
    const byTime = [...got.receipts].sort((a: { anchoredAt: string }, b: { anchoredAt: string }) => Date.parse(a.anchoredAt) - Date.parse(b.anchoredAt));
    expect(byTime.map((r: { kind: string }) => r.kind)).toEqual(['DELIVERED', 'VIEWED']);
    const list = ok(await judge.get(`/v1/disputes/${disputeId}/letters`)).body;
    expect(list.letters).toHaveLength(1);
    expect(list.letters[0].receipts).toHaveLength(2);
    failed(await judge.get(`/v1/disputes/${disputeId}/letters/${uniqueId('L')}`), 404, 'NOT_FOUND');
  });

  it('settles, and settling again is a 409 STAGE_CONFLICT that records nothing', async () => {
    failed(await mediator.post(`/v1/disputes/${disputeId}/transitions`, { action: 'settleDispute', documentHashes: [] }), 403, 'FORBIDDEN');
    const agreement = newHash();
    const out = written(
      await company1.post(`/v1/disputes/${disputeId}/transitions`, { action: 'settleDispute', documentHashes: [agreement], note: '双方和解' }),
    ).body;
    expect(out.dispute.stage).toBe('SETTLED');
    expect(out.transition).toMatchObject({ to: 'SETTLED', documentHashes: [agreement] });
    writes.push(out.txId);
    const again = failed(await company1.post(`/v1/disputes/${disputeId}/transitions`, { action: 'settleDispute', documentHashes: [] }), 409, 'STAGE_CONFLICT');
    expect(again.body.error.message.length).toBeGreaterThan(0);
    const history = ok(await regulator.get(`/v1/disputes/${disputeId}/history`)).body;
    expect(history.dispute.stage).toBe('SETTLED');
    expect(history.transitions.map((t: { to: string }) => t.to)).toEqual(['OPENED', 'LETTER_SENT', 'DELIVERED', 'VIEWED', 'SETTLED']);
    expect(history.writes).toHaveLength(5);
    expect(ok(await lawyerA.get(`/v1/disputes/${disputeId}`)).body.dispute).toMatchObject({ disputeId, stage: 'SETTLED' });
  });

  it('moves a second dispute through mediation, and lists disputes by stage, project and company', async () => {
    const second = ownedId('D');
    written(await company1.post('/v1/disputes', { disputeId: second, contractId, lawFirmMspId: 'LawFirmBMSP', claimedAmountFen: 100_000 }));
    written(await lawyerB.post(`/v1/disputes/${second}/letters`, letterBody()));
    // The company may not refer it before 15 days; the court may.
    failed(await company1.post(`/v1/disputes/${second}/transitions`, { action: 'referToMediation', documentHashes: [] }), 409, 'STAGE_CONFLICT');
    written(await mediator.post(`/v1/disputes/${second}/transitions`, { action: 'referToMediation', documentHashes: [] }));
    // recordMediation to MEDIATED_SETTLED needs the agreement: the chaincode refuses it without documents.
    failed(
      await mediator.post(`/v1/disputes/${second}/transitions`, { action: 'recordMediation', to: 'MEDIATED_SETTLED', documentHashes: [] }),
      400,
      'INVALID_ARGUMENT',
    );
    const mediated = written(
      await mediator.post(`/v1/disputes/${second}/transitions`, { action: 'recordMediation', to: 'MEDIATED_SETTLED', documentHashes: [newHash()] }),
    ).body;
    expect(mediated.dispute.stage).toBe('MEDIATED_SETTLED');

    const byProject = ok(await regulator.get(`/v1/disputes?projectId=${project}`)).body;
    expect(byProject.disputes.map((d: { disputeId: string }) => d.disputeId).sort()).toEqual([disputeId, second].sort());
    // Lists are paged: follow the bookmarks.
    const everyPage = async (client: typeof regulator, url: string) => {
      const all: { disputeId: string; stage: string }[] = [];
      let bookmark = '';
      do {
        const page = ok(await client.get(`${url}&pageSize=1000${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`)).body;
        all.push(...page.disputes);
        bookmark = page.bookmark;
      } while (bookmark);
      return all;
    };
    const byStage = await everyPage(regulator, '/v1/disputes?stage=MEDIATED_SETTLED');
    expect(byStage.map((d) => d.disputeId)).toContain(second);
    expect(byStage.every((d) => d.stage === 'MEDIATED_SETTLED')).toBe(true);
    const byCompany = await everyPage(company1, `/v1/disputes?companyId=${COMPANY_1}`);
    expect(byCompany.map((d) => d.disputeId)).toEqual(expect.arrayContaining([disputeId, second]));
    failed(await company2.get(`/v1/disputes?companyId=${COMPANY_1}`), 403, 'FORBIDDEN');

    const funnel = ok(await company1.get(`/v1/funnel?projectId=${project}`)).body;
    expect(funnel).toMatchObject({ projectId: project });
    expect(funnel.funnel).toEqual({
      contracts: 1,
      disputes: 2,
      lettersSent: 2,
      delivered: 1,
      viewed: 1,
      settled: 1,
      referredToMediation: 1,
      mediated: 1,
      litigation: 0,
    });
    const overall = ok(await company1.get('/v1/funnel')).body;
    expect(overall.projectId).toBe('*');
    expect(overall.funnel.disputes).toBeGreaterThanOrEqual(2);
  });

  it("exports a dispute's evidence: every transition, letter and receipt with its transaction and block", async () => {
    const ev = ok(await mediator.get(`/v1/evidence/disputes/${disputeId}`)).body;
    expect(ev).toMatchObject({ format: 'notary-evidence/1', kind: 'dispute', subject: disputeId, channel: 'notary' });
    expect(ev.records.dispute.transitions).toHaveLength(5);
    expect(ev.records.contract.contract.contractId).toBe(contractId);
    expect(ev.records.letters).toHaveLength(1);
    const txIds = ev.transactions.map((t: { txId: string }) => t.txId);
    expect(txIds).toEqual(expect.arrayContaining(writes));
    for (const t of ev.transactions)
      expect(t).toEqual({ txId: expect.stringMatching(TX_ID), blockNumber: expect.stringMatching(BLOCK), validationCode: 'VALID' });
    const blocks = ev.transactions.map((t: { blockNumber: string }) => Number(t.blockNumber));
    expect([...blocks].sort((a, b) => a - b)).toEqual(blocks);
    failed(await mediator.get(`/v1/evidence/disputes/${ownedId('D')}`), 404, 'NOT_FOUND');
  });

  it("exports a dispute's self-verifying package as an attachment", async () => {
    const r = ok(await lawyerA.get(`/v1/evidence/disputes/${disputeId}/package`));
    expect(r.headers['content-disposition']).toBe(`attachment; filename="evidence-dispute-${disputeId.replace(':', '_')}.json"`);
    expect(r.body).toMatchObject({ format: 'notary-evidence-package/2', kind: 'dispute', subject: disputeId, channel: 'notary' });
    expect(r.body.transactions.map((t: { txId: string }) => t.txId)).toEqual(expect.arrayContaining(writes));
    expect(r.body.configBlocks[0].raw.length).toBeGreaterThan(0);
    // A lawyer gets the same refusal for a dispute that does not exist as for one its firm is not retained for.
    failed(await lawyerA.get(`/v1/evidence/disputes/${ownedId('D')}/package`), 403, 'FORBIDDEN');
  });
});

describe('errors: one shape, the right status, and refused writes change nothing', () => {
  it('400 for a schema violation, naming the field, before the ledger', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [(({ unitId: _u, ...rest }) => rest)(contractInput(ownedId('P'))), 'body/unitId', 'required'],
      [contractInput(ownedId('P'), { documentSha256: 'not-a-hash' }), 'body/documentSha256', 'pattern'],
      [contractInput(ownedId('P'), { companyId: COMPANY_2 }), 'body/companyId', 'additionalProperties'],
      [contractInput(ownedId('P'), { feeTerms: { monthlyFeeFen: 35_000, billingCycle: 'WEEKLY', dueDayOfMonth: 10 } }), 'body/feeTerms/billingCycle', ''],
      [
        contractInput(ownedId('P'), { feeTerms: { monthlyFeeFen: 35_000, billingCycle: 'MONTHLY', dueDayOfMonth: 31 } }),
        'body/feeTerms/dueDayOfMonth',
        'maximum',
      ],
    ];
    for (const [body, field, keyword] of cases) {
      const r = failed(await company1.post('/v1/contracts', body), 400, 'INVALID_ARGUMENT');
      expect(r.body.error.details.field).toBe(field);
      if (keyword) expect(r.body.error.details.keyword).toBe(keyword);
      expect(r.body.error.message).toContain(field);
      if (typeof body.contractId === 'string') failed(await regulator.get(`/v1/contracts/${body.contractId}`), 404, 'NOT_FOUND');
    }
  });

  it('400 for wrong JSON types, never coerced into the right ones, and nothing is written', async () => {
    // Nine digits: a number that can look like neither a resident ID (18) nor a mobile number (11) to the PII scan.
    const numericId = `9${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const fee = { monthlyFeeFen: 35_000, billingCycle: 'MONTHLY', dueDayOfMonth: 10 };
    const contractCases: [Record<string, unknown>, string][] = [
      [contractInput(ownedId('P'), { contractId: Number(numericId) }), 'body/contractId'],
      [contractInput(ownedId('P'), { unitId: 42 }), 'body/unitId'],
      [contractInput(ownedId('P'), { feeTerms: { ...fee, monthlyFeeFen: '35000' } }), 'body/feeTerms/monthlyFeeFen'],
      [contractInput(ownedId('P'), { feeTerms: { ...fee, dueDayOfMonth: true } }), 'body/feeTerms/dueDayOfMonth'],
      [contractInput(ownedId('P'), { termStart: 20240101 }), 'body/termStart'],
    ];
    for (const [body, field] of contractCases) {
      const r = failed(await company1.post('/v1/contracts', body), 400, 'INVALID_ARGUMENT');
      expect(r.body.error.details).toMatchObject({ field, keyword: 'type' });
    }
    failed(await regulator.get(`/v1/contracts/${COMPANY_1}:${numericId}`), 404, 'NOT_FOUND');
    const project = ownedId('P');
    for (const thresholdBp of [true, '5000']) {
      const r = failed(await regulator.put(`/v1/projects/${project}/risk-threshold`, { thresholdBp }), 400, 'INVALID_ARGUMENT');
      expect(r.body.error.details).toMatchObject({ field: 'body/thresholdBp', keyword: 'type' });
    }
    // No threshold of its own: it has the same as any untouched project (the network's default, if someone set one).
    const untouched = ok(await regulator.get(`/v1/projects/${ownedId('P')}/arrears-ratio`)).body.thresholdBp;
    expect(ok(await regulator.get(`/v1/projects/${project}/arrears-ratio`)).body.thresholdBp).toBe(untouched);
    const transition = failed(
      await mediator.post(`/v1/disputes/${ownedId('D')}/transitions`, { action: 'referToMediation', documentHashes: newHash() }),
      400,
      'INVALID_ARGUMENT',
    );
    expect(transition.body.error.details).toMatchObject({ field: 'body/documentHashes', keyword: 'type' });
    const opening = failed(
      await company1.post('/v1/disputes', { disputeId: ownedId('D'), contractId: ownedId('HT'), lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: '100' }),
      400,
      'INVALID_ARGUMENT',
    );
    expect(opening.body.error.details).toMatchObject({ field: 'body/claimedAmountFen', keyword: 'type' });
  });

  it("400 INVALID_ARGUMENT from the chaincode, with its field and the peers' messages", async () => {
    const input = contractInput(ownedId('P'), { termStart: '2026-01-01', termEnd: '2025-01-01' });
    const r = failed(await company1.post('/v1/contracts', input), 400, 'INVALID_ARGUMENT');
    expect(r.body.error.details).toMatchObject({ field: 'termEnd' });
    expect(r.body.error.peers.length).toBeGreaterThan(0);
    for (const p of r.body.error.peers) expect(p.message).toContain('[INVALID_ARGUMENT]');
    failed(await regulator.get(`/v1/contracts/${input.contractId}`), 404, 'NOT_FOUND');
  });

  it('401 without a key, with a wrong key or a wrong scheme; nothing is written', async () => {
    const input = contractInput(ownedId('P'));
    for (const authorization of [
      undefined,
      'Bearer nk_not-a-key',
      `Basic ${keys.key('housingbureau-company1')}`,
      keys.key('housingbureau-company1'),
      'Bearer ',
    ]) {
      const r = failed(
        await api.request('POST', '/v1/contracts', { body: input, ...(authorization === undefined ? {} : { authorization }) }),
        401,
        'UNAUTHENTICATED',
      );
      expect(r.body.error.message).toContain('Bearer');
    }
    failed(await api.request('GET', `/v1/contracts/${input.contractId}`), 401, 'UNAUTHENTICATED');
    failed(await regulator.get(`/v1/contracts/${input.contractId}`), 404, 'NOT_FOUND');
  });

  it('403 when the chaincode forbids: a lawyer, a regulator or a judge registering a contract; nothing is written', async () => {
    for (const who of [lawyerA, regulator, judge]) {
      const input = contractInput(ownedId('P'));
      const r = failed(await who.post('/v1/contracts', input), 403, 'FORBIDDEN');
      expect(r.body.error.peers.length).toBeGreaterThan(0);
      failed(await judge.get(`/v1/contracts/${input.contractId}`), 404, 'NOT_FOUND');
    }
  });

  it('404 for an unknown record read by the court and an unknown route; a company writing to it gets 403, as for a record not its own', async () => {
    const id = ownedId('HT');
    failed(await judge.get(`/v1/contracts/${id}`), 404, 'NOT_FOUND');
    failed(await judge.get(`/v1/contracts/${id}/history`), 404, 'NOT_FOUND');
    failed(await company1.post(`/v1/contracts/${id}/amendments`, { previousVersion: 1, documentSha256: newHash() }), 403, 'FORBIDDEN');
    failed(
      await company1.post(`/v1/arrears-events`, { eventId: uniqueId('E'), contractId: id, type: 'billed', period: '2024-05', amountFen: 1 }),
      403,
      'FORBIDDEN',
    );
    failed(await judge.get(`/v1/contracts/${id}`), 404, 'NOT_FOUND');
    failed(await judge.get('/v1/no-such-route'), 404, 'NOT_FOUND');
    failed(await api.request('GET', '/nowhere'), 404, 'NOT_FOUND');
    failed(await api.request('DELETE', '/v1/contracts/x', { as: 'housingbureau-company1' }), 404, 'NOT_FOUND');
  });

  it('409 ALREADY_EXISTS for a duplicate contract; the first registration stays the only write', async () => {
    const c = await registered();
    const r = failed(await company1.post('/v1/contracts', { ...c.input, documentSha256: newHash() }), 409, 'ALREADY_EXISTS');
    expect(r.body.error.details).toMatchObject({ contractId: c.input.contractId });
    const history = ok(await judge.get(`/v1/contracts/${c.input.contractId}/history`)).body;
    expect(history.writes.map((w: { txId: string }) => w.txId)).toEqual([c.txId]);
    expect(history.contract.documentSha256).toBe(c.input.documentSha256);
  });

  it('413 for a body over BODY_LIMIT_BYTES; nothing is written', async () => {
    const small = await startApi(keys, { BODY_LIMIT_BYTES: '2048' });
    const items = Array.from({ length: 10 }, () => contractInput(ownedId('P')));
    try {
      expect(JSON.stringify({ items }).length).toBeGreaterThan(2048);
      const r = await small.request('POST', '/v1/contracts/batch', { as: 'housingbureau-company1', body: { items } });
      failed(r, 413, 'PAYLOAD_TOO_LARGE');
      // One small contract still goes through the same instance.
      const one = contractInput(ownedId('P'));
      written(await small.request('POST', '/v1/contracts', { as: 'housingbureau-company1', body: one }));
    } finally {
      await small.close();
    }
    // None of the refused batch reached the ledger (checked on the main instance).
    for (const c of items) failed(await regulator.get(`/v1/contracts/${c.contractId}`), 404, 'NOT_FOUND');
  });

  it('429 once a client exceeds RATE_LIMIT_PER_MINUTE, per client; the refused write is not made', async () => {
    const limited = await startApi(keys, { RATE_LIMIT_PER_MINUTE: '3' });
    try {
      for (let i = 0; i < 3; i++) {
        failed(await limited.request('GET', `/v1/contracts/${ownedId('HT')}`, { as: 'housingbureau-company1' }), 403, 'FORBIDDEN');
      }
      const input = contractInput(ownedId('P'));
      const r = failed(await limited.request('POST', '/v1/contracts', { as: 'housingbureau-company1', body: input }), 429, 'RATE_LIMITED');
      expect(r.headers['retry-after']).toBeDefined();
      failed(await limited.request('GET', `/v1/contracts/${input.contractId}`, { as: 'housingbureau-company1' }), 429, 'RATE_LIMITED');
      // Another client has its own budget; the ledger never saw the refused write.
      failed(await limited.request('GET', `/v1/contracts/${input.contractId}`, { as: 'housingbureau-regulator1' }), 404, 'NOT_FOUND');
      // No key is refused before the limit is counted.
      failed(await limited.request('GET', `/v1/contracts/${input.contractId}`), 401, 'UNAUTHENTICATED');
    } finally {
      await limited.close();
    }
  });

  it('never answers 500 to bad input: malformed JSON, wrong types, wrong content types, bad parameters', async () => {
    const auth = { authorization: `Bearer ${keys.key('housingbureau-company1')}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const raw: [string, string, Record<string, string>, string | undefined][] = [
      ['POST', '/v1/contracts', json, '{"contractId":'],
      ['POST', '/v1/contracts', json, '{"contractId": "x",}'],
      ['POST', '/v1/contracts', json, ''],
      ['POST', '/v1/contracts', json, 'null'],
      ['POST', '/v1/contracts', json, '[]'],
      ['POST', '/v1/contracts', json, '"just a string"'],
      ['POST', '/v1/contracts', json, '{"__proto__": {"x": 1}}'],
      ['POST', '/v1/contracts', { ...auth, 'content-type': 'text/plain' }, 'hello'],
      ['POST', '/v1/contracts', { ...auth, 'content-type': 'application/xml' }, '<contract/>'],
      ['POST', '/v1/contracts/batch', json, '{"items": {}}'],
      ['POST', '/v1/contracts/batch', json, '{"items": []}'],
      ['POST', '/v1/disputes', json, JSON.stringify({ disputeId: ownedId('D'), contractId: 'x', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 'abc' })],
      ['POST', '/v1/disputes', json, JSON.stringify({ disputeId: ownedId('D'), contractId: 'x', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: -5 })],
      ['POST', '/v1/disputes', json, JSON.stringify({ disputeId: ownedId('D'), contractId: { $ne: 1 }, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 5 })],
      ['POST', '/v1/contracts', json, JSON.stringify(contractInput('P', { feeTerms: 'monthly' }))],
      ['POST', '/v1/contracts', json, JSON.stringify(contractInput('P', { feeTerms: { monthlyFeeFen: 1.5, billingCycle: 'MONTHLY', dueDayOfMonth: 10 } }))],
      ['POST', '/v1/contracts', json, JSON.stringify(contractInput('P', { termStart: '2024-13-45' }))],
      ['POST', '/v1/contracts', json, JSON.stringify(contractInput('P', { contractId: '../../etc/passwd' }))],
      ['POST', '/v1/arrears-events', json, JSON.stringify({ eventId: uniqueId('E'), contractId: 'x', type: 'billed', period: '2024-5', amountFen: 1 })],
      ['POST', '/v1/arrears-events', json, JSON.stringify({ eventId: uniqueId('E'), contractId: 'x', type: 'billed', period: '2024-05', amountFen: 1e300 })],
      ['POST', `/v1/disputes/${ownedId('D')}/letters`, json, JSON.stringify({ ...letterBody(), eventTime: 'yesterday' })],
      ['POST', `/v1/disputes/${ownedId('D')}/transitions`, json, JSON.stringify({ action: 'teleport', documentHashes: [] })],
      [
        'POST',
        `/v1/disputes/${ownedId('D')}/transitions`,
        json,
        JSON.stringify({ action: 'settleDispute', documentHashes: Array.from({ length: 17 }, newHash) }),
      ],
      ['POST', '/v1/signing/proposals', json, JSON.stringify({ certificate: 'x'.repeat(200), contract: 'Contracts', fn: 'Register', args: [] })],
      ['POST', '/v1/signing/endorsements', json, JSON.stringify({ certificate: 'x'.repeat(200), proposal: '!!!', signature: 'AA==' })],
      ['POST', '/v1/signing/proposals', json, JSON.stringify({ certificate: 'x'.repeat(200), contract: 'qscc', fn: 'GetBlockByNumber', args: [] })],
      ['PUT', `/v1/projects/${ownedId('P')}/risk-threshold`, json, JSON.stringify({ thresholdBp: 0 })],
      ['PUT', `/v1/projects/${ownedId('P')}/risk-threshold`, json, JSON.stringify({ thresholdBp: 'high' })],
      ['GET', '/v1/contracts', auth, undefined],
      ['GET', `/v1/contracts?projectId=a&companyId=b`, auth, undefined],
      ['GET', '/v1/contracts?unknown=1', auth, undefined],
      ['GET', '/v1/contracts/bad%20id', auth, undefined],
      ['GET', '/v1/contracts/%E4%B8%AD', auth, undefined],
      ['GET', `/v1/contracts/${'a'.repeat(65)}`, auth, undefined],
      ['GET', '/v1/disputes?stage=NOWHERE', auth, undefined],
      ['GET', '/v1/documents/ABC', auth, undefined],
      ['GET', '/v1/transactions/not-a-txid', auth, undefined],
      ['GET', '/v1/projects/*/arrears-ratio', auth, undefined],
    ];
    const outcomes: string[] = [];
    for (const [method, url, headers, payload] of raw) {
      const r = await api.request(method as 'GET', url, { headers, ...(payload === undefined ? {} : { payload }) });
      outcomes.push(`${method} ${url} ${payload?.slice(0, 40) ?? ''} -> ${r.status} ${r.body?.error?.code ?? r.text.slice(0, 80)}`);
      if (r.status >= 400 && r.status < 500) failed(r, r.status, r.body.error.code);
    }
    // Every one is a client error with the error shape (the list shows all answers if one is not).
    expect(outcomes.filter((o) => !/-> 4\d\d [A-Z_]+$/.test(o))).toEqual([]);
    expect(outcomes.filter((o) => /-> 400 /.test(o)).length).toBeGreaterThan(raw.length - 4);
  });
});

describe('idempotency keys', () => {
  it('replays the first answer for the same key and body (one transaction), and refuses the key for another body', async () => {
    const key = uniqueId('idem');
    const input = contractInput(ownedId('P'));
    const first = written(await company1.post('/v1/contracts', input, { 'idempotency-key': key }));
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await company1.post('/v1/contracts', input, { 'idempotency-key': key });
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.body.txId).toBe(first.body.txId);
    const history = ok(await judge.get(`/v1/contracts/${input.contractId}/history`)).body;
    expect(history.writes.map((w: { txId: string }) => w.txId)).toEqual([first.body.txId]);

    const other = contractInput(ownedId('P'));
    const conflict = failed(await company1.post('/v1/contracts', other, { 'idempotency-key': key }), 409, 'IDEMPOTENCY_CONFLICT');
    expect(conflict.headers['idempotent-replayed']).toBeUndefined();
    failed(await judge.get(`/v1/contracts/${other.contractId}`), 404, 'NOT_FOUND');
    // The same key on another route is another request too.
    failed(
      await company1.post(`/v1/contracts/${input.contractId}/amendments`, { previousVersion: 1, documentSha256: newHash() }, { 'idempotency-key': key }),
      409,
      'IDEMPOTENCY_CONFLICT',
    );
    expect(ok(await judge.get(`/v1/contracts/${input.contractId}`)).body.contract.version).toBe(1);
  });

  it('keys are per client: the same key from another client is a new request', async () => {
    const key = uniqueId('idem');
    const a = contractInput(ownedId('P'));
    const b = contractInput(ownedId('P', COMPANY_2));
    written(await company1.post('/v1/contracts', a, { 'idempotency-key': key }));
    const r = written(await company2.post('/v1/contracts', b, { 'idempotency-key': key }));
    expect(r.headers['idempotent-replayed']).toBeUndefined();
    expect(r.body.contract).toMatchObject({ contractId: b.contractId, companyId: COMPANY_2 });
  });

  it('replays a refusal as well, without asking the ledger again', async () => {
    const key = uniqueId('idem');
    const input = contractInput(ownedId('P'));
    const first = failed(await lawyerA.post('/v1/contracts', input, { 'idempotency-key': key }), 403, 'FORBIDDEN');
    const again = await lawyerA.post('/v1/contracts', input, { 'idempotency-key': key });
    expect(again.status).toBe(403);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });
});

describe('non-custodial signing over HTTP', () => {
  const desc = readNetworkDescription(NETWORK_JSON);
  const identity = desc.orgs.find((o) => o.mspId === 'HousingBureauMSP')!.identities.find((i) => i.name === 'company1')!;
  const certificate = fs.readFileSync(identity.certificate, 'utf8');
  const sign = signers.newPrivateKeySigner(createPrivateKey(fs.readFileSync(identity.privateKey)));
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

  it('proposal -> signed -> endorsement -> signed -> transaction: 201, and the record exists', async () => {
    const input = contractInput(ownedId('P'));
    const proposal = ok(
      await company1.post('/v1/signing/proposals', { certificate, contract: 'Contracts', fn: 'Register', args: [JSON.stringify(input)] }),
    ).body;
    expect(proposal).toEqual({ txId: expect.stringMatching(TX_ID), proposal: expect.any(String), digest: expect.any(String) });
    expect(Buffer.from(proposal.digest, 'base64')).toHaveLength(32);

    const endorsed = ok(
      await company1.post('/v1/signing/endorsements', {
        certificate,
        proposal: proposal.proposal,
        signature: b64(await sign(Buffer.from(proposal.digest, 'base64'))),
      }),
    ).body;
    expect(endorsed).toEqual({ txId: proposal.txId, transaction: expect.any(String), digest: expect.any(String) });
    // Not yet on the ledger: the client has not signed the transaction.
    failed(await regulator.get(`/v1/contracts/${input.contractId}`), 404, 'NOT_FOUND');

    const submitted = written(
      await company1.post('/v1/signing/transactions', {
        certificate,
        transaction: endorsed.transaction,
        signature: b64(await sign(Buffer.from(endorsed.digest, 'base64'))),
      }),
    ).body;
    expect(submitted.txId).toBe(proposal.txId);
    expect(submitted.result).toMatchObject({ txId: proposal.txId, contract: { contractId: input.contractId, companyId: COMPANY_1, version: 1 } });
    const got = ok(await regulator.get(`/v1/contracts/${input.contractId}`)).body;
    expect(got.contract).toMatchObject({ contractId: input.contractId, companyId: COMPANY_1 });
    expect(ok(await regulator.get(`/v1/transactions/${proposal.txId}`)).body).toMatchObject({ valid: true, blockNumber: submitted.blockNumber });
  });

  it("refuses a certificate issued by another org's CA than the caller's (403), before the ledger", async () => {
    const input = contractInput(ownedId('P'));
    const r = failed(
      await mediator.post('/v1/signing/proposals', { certificate, contract: 'Contracts', fn: 'Register', args: [JSON.stringify(input)] }),
      403,
      'FORBIDDEN',
    );
    expect(r.body.error.details).toMatchObject({ field: 'body/certificate' });
    expect(r.body.error.message).toContain('CourtMSP');
  });

  it('refuses a certificate that is not PEM with 400 naming the field', async () => {
    const r = failed(
      await company1.post('/v1/signing/proposals', { certificate: 'x'.repeat(200), contract: 'Contracts', fn: 'Register', args: ['{}'] }),
      400,
      'INVALID_ARGUMENT',
    );
    expect(r.body.error.details).toMatchObject({ field: 'body/certificate' });
  });

  it('answers 400 naming the field, not a ledger failure, for bytes no previous step returned', async () => {
    const e = failed(await company1.post('/v1/signing/endorsements', { certificate, proposal: 'AAAA', signature: 'AAAA' }), 400, 'INVALID_ARGUMENT');
    expect(e.body.error.details).toMatchObject({ field: 'body/proposal' });
    const t = failed(await company1.post('/v1/signing/transactions', { certificate, transaction: 'AAAA', signature: 'AAAA' }), 400, 'INVALID_ARGUMENT');
    expect(t.body.error.details).toMatchObject({ field: 'body/transaction' });
  });
});

describe('metrics', () => {
  it('/metrics has the HTTP and Fabric latency histograms for the calls made above', async () => {
    const r = ok(await api.request('GET', '/metrics'));
    expect(String(r.headers['content-type'])).toMatch(/^text\/plain/);
    expect(r.text).toContain('# TYPE notary_http_request_duration_seconds histogram');
    expect(r.text).toContain('# TYPE notary_fabric_call_duration_seconds histogram');
    expect(r.text).toMatch(/notary_http_request_duration_seconds_count\{method="POST",route="\/v1\/contracts",status="201"\} [1-9]/);
    expect(r.text).toMatch(/notary_http_request_duration_seconds_count\{method="POST",route="\/v1\/contracts",status="403"\} [1-9]/);
    expect(r.text).toMatch(/notary_fabric_call_duration_seconds_count\{kind="submit",contract="Contracts",fn="Register",outcome="ok"\} [1-9]/);
    expect(r.text).toMatch(/notary_fabric_call_duration_seconds_count\{kind="submit",contract="Contracts",fn="Register",outcome="REJECTED"\} [1-9]/);
    expect(r.text).toMatch(/notary_fabric_call_duration_seconds_count\{kind="evaluate",contract="Contracts",fn="Get",outcome="ok"\} [1-9]/);
  });
});
