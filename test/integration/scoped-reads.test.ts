// A property company reaches only its own contracts, projects, disputes and
// documents; the bureau and the court reach all. Through the HTTP API on the real
// network: each rule allowed and refused, refusals change nothing, and a refused
// caller gets the same 403 for another company's record as for a missing one.
import fs from 'node:fs';
import { issueTestKeys, startApi, type IssuedKeys, type TestApi } from './support/api';
import { contractInput, newHash, ownedId, uniqueId } from './support/fixtures';
import { allPages, failed, ok, sameRefusal, written } from './support/replies';
import { DEMO_COMPANY_IDS } from '../../network/topology';

const [COMPANY_1, COMPANY_2] = DEMO_COMPANY_IDS;

type Client = ReturnType<TestApi['as']>;
let keys: IssuedKeys;
let api: TestApi;
let company1: Client, company2: Client, regulator: Client, mediator: Client, lawyerA: Client;

beforeAll(async () => {
  keys = issueTestKeys();
  api = await startApi(keys);
  company1 = api.as('housingbureau-company1');
  company2 = api.as('housingbureau-company2');
  regulator = api.as('housingbureau-regulator1');
  mediator = api.as('court-mediator1');
  lawyerA = api.as('lawfirma-lawyer1');
});

afterAll(async () => {
  await api?.close();
  if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
});

const bill = (contractId: string) => ({ eventId: uniqueId('E'), contractId, type: 'billed', period: '2024-05', amountFen: 35_000 });

describe("a project's figures: its company, the bureau and the court", () => {
  const project = ownedId('P');
  const contracts = [contractInput(project), contractInput(project)];

  beforeAll(async () => {
    written(await company1.post('/v1/contracts/batch', { items: contracts }));
    written(await regulator.put(`/v1/projects/${project}/risk-threshold`, { thresholdBp: 5000 }));
    // Billed one at a time: a batch would evaluate the project's risk on its own.
    for (const c of contracts) written(await company1.post('/v1/arrears-events', bill(c.contractId)));
  });

  /** What the bureau sees of the project's risk: the ratio answer and the warnings. */
  const riskState = async () => ({
    ratio: ok(await regulator.get(`/v1/projects/${project}/arrears-ratio`)).body.atRisk,
    warnings: ok(await regulator.get(`/v1/projects/${project}/risk-warnings`)).body.warnings,
  });

  it("refuses another company's risk evaluation, writing no warning; the owning company's records one", async () => {
    const before = await riskState();
    expect(before).toEqual({ ratio: false, warnings: [] });
    const missing = ownedId('P');
    sameRefusal(
      await company2.post(`/v1/projects/${project}/risk-evaluations`),
      project,
      await company2.post(`/v1/projects/${missing}/risk-evaluations`),
      missing,
    );
    expect(await riskState()).toEqual(before);

    const out = written(await company1.post(`/v1/projects/${project}/risk-evaluations`)).body;
    expect(out).toMatchObject({ projectId: project, atRisk: true, ratio: { numerator: 2, denominator: 2 } });
    const after = await riskState();
    expect(after.ratio).toBe(true);
    expect(after.warnings).toHaveLength(1);
  });

  it('answers ratio, warnings and funnel to the owning company, the bureau and the court; to another company as for a missing project', async () => {
    for (const who of [company1, regulator, mediator]) {
      expect(ok(await who.get(`/v1/projects/${project}/arrears-ratio`)).body.ratio).toMatchObject({ numerator: 2, denominator: 2 });
      expect(ok(await who.get(`/v1/projects/${project}/risk-warnings`)).body.warnings).toHaveLength(1);
      expect(ok(await who.get(`/v1/funnel?projectId=${project}`)).body.funnel).toMatchObject({ contracts: 2, disputes: 0 });
    }
    const missing = ownedId('P');
    for (const path of ['arrears-ratio', 'risk-warnings']) {
      sameRefusal(await company2.get(`/v1/projects/${project}/${path}`), project, await company2.get(`/v1/projects/${missing}/${path}`), missing);
    }
    sameRefusal(await company2.get(`/v1/funnel?projectId=${project}`), project, await company2.get(`/v1/funnel?projectId=${missing}`), missing);
    // A law firm retained for none of the project's disputes sees none of its figures.
    failed(await lawyerA.get(`/v1/projects/${project}/risk-warnings`), 403, 'FORBIDDEN');
    failed(await lawyerA.get(`/v1/funnel?projectId=${project}`), 403, 'FORBIDDEN');
  });

  it('lists the project with its company to the bureau, the court and its company, not to another company; a lawyer is refused', async () => {
    const listed = (who: Client) => allPages<{ projectId: string; companyId: string }>(who, '/v1/projects', 'projects');
    for (const who of [regulator, mediator, company1]) {
      expect((await listed(who)).find((p) => p.projectId === project)).toMatchObject({ projectId: project, companyId: COMPANY_1 });
    }
    const other = await listed(company2);
    expect(other.find((p) => p.projectId === project)).toBeUndefined();
    expect(other.every((p) => p.companyId === COMPANY_2)).toBe(true);
    failed(await lawyerA.get('/v1/projects'), 403, 'FORBIDDEN');
  });

  it("refuses a contract on another company's project and writes nothing", async () => {
    const intruder = contractInput(project);
    failed(await company2.post('/v1/contracts', intruder), 403, 'FORBIDDEN');
    failed(await regulator.get(`/v1/contracts/${intruder.contractId}`), 404, 'NOT_FOUND');
    expect(ok(await regulator.get(`/v1/funnel?projectId=${project}`)).body.funnel.contracts).toBe(2);
  });
});

describe("the whole channel's funnel", () => {
  it("counts for a company only its own contracts and disputes; company1's new dispute leaves company2's counts alone", async () => {
    const funnelOf = async (who: Client) => ok(await who.get('/v1/funnel')).body.funnel as Record<string, number>;
    const [before1, before2, beforeAll] = [await funnelOf(company1), await funnelOf(company2), await funnelOf(regulator)];
    const c = contractInput(ownedId('P'));
    written(await company1.post('/v1/contracts', c));
    written(await company1.post('/v1/disputes', { disputeId: ownedId('D'), contractId: c.contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1_000 }));
    const [after1, after2, afterAll] = [await funnelOf(company1), await funnelOf(company2), await funnelOf(regulator)];
    expect(after2).toEqual(before2);
    expect([after1.contracts! - before1.contracts!, after1.disputes! - before1.disputes!]).toEqual([1, 1]);
    expect([afterAll.contracts! - beforeAll.contracts!, afterAll.disputes! - beforeAll.disputes!]).toEqual([1, 1]);
    expect(afterAll.contracts).toBeGreaterThan(after1.contracts!);
  });
});

describe('contracts, disputes and documents of another company', () => {
  let contractId: string;
  let disputeId: string;
  let document: string;

  beforeAll(async () => {
    const c = contractInput(ownedId('P'));
    contractId = c.contractId;
    document = c.documentSha256;
    written(await company1.post('/v1/contracts', c));
    disputeId = ownedId('D');
    written(await company1.post('/v1/disputes', { disputeId, contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1_000 }));
  });

  it('reads them for the owning company and the court; another company gets the answer of a missing ID', async () => {
    for (const who of [company1, mediator]) {
      expect(ok(await who.get(`/v1/contracts/${contractId}`)).body.contract.contractId).toBe(contractId);
      expect(ok(await who.get(`/v1/disputes/${disputeId}`)).body.dispute.disputeId).toBe(disputeId);
      expect(ok(await who.get(`/v1/documents/${document}`)).body.anchors).toEqual([expect.objectContaining({ recordId: `${contractId}@1` })]);
    }
    const [noContract, noDispute, noDocument] = [ownedId('HT'), ownedId('D'), newHash()];
    for (const path of ['', '/history', '/arrears']) {
      sameRefusal(await company2.get(`/v1/contracts/${contractId}${path}`), contractId, await company2.get(`/v1/contracts/${noContract}${path}`), noContract);
    }
    sameRefusal(await company2.get(`/v1/disputes/${disputeId}`), disputeId, await company2.get(`/v1/disputes/${noDispute}`), noDispute);
    sameRefusal(await company2.get(`/v1/documents/${document}`), document, await company2.get(`/v1/documents/${noDocument}`), noDocument);
    // The court is told plainly what does not exist.
    failed(await mediator.get(`/v1/documents/${noDocument}`), 404, 'NOT_FOUND');
  });

  it('shows the retained firm the documents of its dispute and contract', async () => {
    expect(ok(await lawyerA.get(`/v1/documents/${document}`)).body.anchors).toHaveLength(1);
  });

  it('refuses writes on them as on a missing ID, and nothing changes', async () => {
    const before = ok(await mediator.get(`/v1/contracts/${contractId}/history`)).body;
    // A read answers its own query's transaction ID; the records and their writes are what must not change.
    const disputeHistory = async () => {
      const { dispute, transitions, writes } = ok(await mediator.get(`/v1/disputes/${disputeId}/history`)).body;
      return { dispute, transitions, writes };
    };
    const beforeDispute = await disputeHistory();
    const noContract = ownedId('HT');
    const amend = { previousVersion: 1, documentSha256: newHash() };
    sameRefusal(
      await company2.post(`/v1/contracts/${contractId}/amendments`, amend),
      contractId,
      await company2.post(`/v1/contracts/${noContract}/amendments`, amend),
      noContract,
    );
    sameRefusal(
      await company2.post('/v1/arrears-events', bill(contractId)),
      contractId,
      await company2.post('/v1/arrears-events', bill(noContract)),
      noContract,
    );
    const noDispute = ownedId('D');
    const settle = { action: 'settleDispute', documentHashes: [] };
    sameRefusal(
      await company2.post(`/v1/disputes/${disputeId}/transitions`, settle),
      disputeId,
      await company2.post(`/v1/disputes/${noDispute}/transitions`, settle),
      noDispute,
    );
    expect(ok(await mediator.get(`/v1/contracts/${contractId}/history`)).body).toEqual(before);
    expect(await disputeHistory()).toEqual(beforeDispute);
    expect(ok(await mediator.get(`/v1/contracts/${contractId}/arrears`)).body.events).toEqual([]);
  });
});

describe("IDs in each company's own namespace: no company can take, block or probe another's", () => {
  // The same short IDs, chosen by two companies that do not know of each other.
  const shortContract = uniqueId('HT');
  const shortProject = uniqueId('P');
  const shortDispute = uniqueId('D');
  const mine = (company: string, id: string) => `${company}:${id}`;

  it('two companies register the same short contract ID in the same short project: two records, one per namespace', async () => {
    const first = written(await company1.post('/v1/contracts', contractInput(shortProject, { contractId: shortContract }))).body.contract;
    const second = written(await company2.post('/v1/contracts', contractInput(shortProject, { contractId: shortContract }))).body.contract;
    expect(first).toMatchObject({ contractId: mine(COMPANY_1, shortContract), projectId: mine(COMPANY_1, shortProject), companyId: COMPANY_1 });
    expect(second).toMatchObject({ contractId: mine(COMPANY_2, shortContract), projectId: mine(COMPANY_2, shortProject), companyId: COMPANY_2 });
    for (const [company, record] of [
      [COMPANY_1, first],
      [COMPANY_2, second],
    ] as const) {
      expect(ok(await regulator.get(`/v1/contracts/${mine(company, shortContract)}`)).body.contract).toEqual(record);
      expect(ok(await mediator.get(`/v1/funnel?projectId=${mine(company, shortProject)}`)).body.funnel).toMatchObject({ contracts: 1 });
    }
    // Each company's short ID is its own record.
    expect(ok(await company1.get(`/v1/contracts/${shortContract}`)).body.contract).toEqual(first);
    expect(ok(await company2.get(`/v1/contracts/${shortContract}`)).body.contract).toEqual(second);
    expect(ok(await company2.get(`/v1/projects/${shortProject}/arrears-ratio`)).body.projectId).toBe(mine(COMPANY_2, shortProject));
  });

  it("refuses a company writing into another's namespace (403), and nothing is written", async () => {
    const taken = mine(COMPANY_1, uniqueId('HT'));
    const squat = failed(await company2.post('/v1/contracts', contractInput(ownedId('P', COMPANY_2), { contractId: taken })), 403, 'FORBIDDEN');
    expect(squat.body.error.message).toContain("another company's namespace");
    const project = failed(await company2.post('/v1/contracts', contractInput(ownedId('P', COMPANY_1), { contractId: uniqueId('HT') })), 403, 'FORBIDDEN');
    expect(project.body.error.details).toMatchObject({ field: 'projectId' });
    failed(await regulator.get(`/v1/contracts/${taken}`), 404, 'NOT_FOUND');
    // The real owner registers it afterwards without hindrance.
    written(await company1.post('/v1/contracts', contractInput(ownedId('P'), { contractId: taken })));
  });

  it('two companies open disputes with the same short ID, each on its own contract', async () => {
    const opened = [];
    for (const [client, company] of [
      [company1, COMPANY_1],
      [company2, COMPANY_2],
    ] as const) {
      const c = contractInput(ownedId('P', company));
      written(await client.post('/v1/contracts', c));
      const body = { disputeId: shortDispute, contractId: c.contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1_000 };
      opened.push(written(await client.post('/v1/disputes', body)).body.dispute);
    }
    expect(opened.map((d) => [d.disputeId, d.companyId])).toEqual([
      [mine(COMPANY_1, shortDispute), COMPANY_1],
      [mine(COMPANY_2, shortDispute), COMPANY_2],
    ]);
    // A dispute on another company's contract is refused as before, by its qualified ID too.
    const other = contractInput(ownedId('P', COMPANY_1));
    written(await company1.post('/v1/contracts', other));
    const refused = { disputeId: uniqueId('D'), contractId: other.contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1_000 };
    failed(await company2.post('/v1/disputes', refused), 403, 'FORBIDDEN');
    failed(await mediator.get(`/v1/disputes/${mine(COMPANY_2, refused.disputeId)}`), 404, 'NOT_FOUND');
  });

  it('the court, the bureau and the law firms name records in full: a short ID is a 400 naming the field, for every one of them', async () => {
    for (const who of [regulator, mediator, lawyerA]) {
      const r = failed(await who.get(`/v1/contracts/${shortContract}`), 400, 'INVALID_ARGUMENT');
      expect(r.body.error).toMatchObject({ details: { field: 'contractId' } });
      expect(r.body.error.message).toContain("owning company's USCC");
    }
    failed(await mediator.get(`/v1/disputes/${shortDispute}`), 400, 'INVALID_ARGUMENT');
  });

  it('refuses an ID whose owner part is not a valid USCC, at the schema, before the ledger', async () => {
    const r = failed(await company1.post('/v1/contracts', contractInput(ownedId('P'), { contractId: '91110105MA01XQ7T3Z:HT-1' })), 400, 'INVALID_ARGUMENT');
    expect(r.body.error.message).toContain('contractId');
  });
});
