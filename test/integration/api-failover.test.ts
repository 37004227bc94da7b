// The API keeps serving when the peer it was using stops: the court's clients
// go through CourtMSP's peer0 until it is down, then through peer1.
import fs from 'node:fs';
import { restartNode } from '../../network/native/network';
import { stop } from '../../network/native/processes';
import { loadTopology } from '../../network/topology';
import { issueTestKeys, startApi, type IssuedKeys, type TestApi } from './support/api';
import { contractInput, ownedId } from './support/fixtures';

let keys: IssuedKeys;
let api: TestApi;

beforeAll(async () => {
  keys = issueTestKeys();
  api = await startApi(keys);
});

afterAll(async () => {
  await api?.close();
  if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
});

it('keeps answering reads and writes while the court peer it was using is stopped', async () => {
  const judge = api.as('court-judge1');
  const company = api.as('housingbureau-company1');
  const project = ownedId('P');
  const c = contractInput(project);
  expect((await company.post('/v1/contracts', c)).status).toBe(201);
  // The judge's calls have been going through court peer0 (the first in its profile).
  expect((await judge.get(`/v1/contracts/${c.contractId}`)).status).toBe(200);

  expect(await stop('court-peer0')).toBe(true);
  try {
    const read = await judge.get(`/v1/contracts/${c.contractId}`);
    expect([read.status, read.body?.contract?.contractId]).toEqual([200, c.contractId]);
    const write = await judge.post(`/v1/projects/${project}/risk-evaluations`);
    expect([write.status, write.body?.error]).toEqual([201, undefined]);
    expect(write.body.txId).toMatch(/^[0-9a-f]{64}$/);
    const status = await judge.get(`/v1/transactions/${write.body.txId}`);
    expect(status.body).toMatchObject({ valid: true, blockNumber: write.body.blockNumber });
  } finally {
    await restartNode(loadTopology(), 'court-peer0');
  }
});
