// One org's own API: NOTARY_ORG=HousingBureauMSP against a network description
// that holds only that org's client identities (their keys copied apart, no
// admin, no other org's identity), as the org would deploy it. It serves its
// own clients, refuses every other org's keys, and still reaches a MAJORITY of
// endorsements through its own gateway peer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../api/config';
import { startServer } from '../../api/server';
import { readNetworkDescription, type NetworkDescription } from '../../fabric/network-description';
import { NETWORK_JSON } from '../../network/native/paths';
import { issueTestKeys, type IssuedKeys } from './support/api';
import { contractInput, ownedId } from './support/fixtures';

jest.setTimeout(120_000);

const ORG = 'HousingBureauMSP';
let keys: IssuedKeys;
let dir: string;
let server: Awaited<ReturnType<typeof startServer>>;

/** The org's own description: every org's peers, only this org's client identities, key files copied into `dir`. */
function ownDescription(full: NetworkDescription): NetworkDescription {
  return {
    ...full,
    orgs: full.orgs.map((o) => ({
      ...o,
      identities:
        o.mspId !== ORG
          ? []
          : o.identities
              .filter((i) => i.role !== 'admin')
              .map((i) => {
                const copy = (file: string, ext: string) => {
                  const to = path.join(dir, `${i.name}.${ext}`);
                  fs.copyFileSync(file, to);
                  return to;
                };
                return { ...i, certificate: copy(i.certificate, 'pem'), privateKey: copy(i.privateKey, 'key') };
              }),
    })),
  };
}

const call = async (method: string, url: string, key: string, body?: unknown) => {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  keys = issueTestKeys();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notary-one-org-'));
  fs.writeFileSync(path.join(dir, 'network.json'), JSON.stringify(ownDescription(readNetworkDescription(NETWORK_JSON))));
  const env = {
    ...process.env,
    NOTARY_ORG: ORG,
    NETWORK_JSON: path.join(dir, 'network.json'),
    API_KEYS_FILE: keys.storeFile,
    IDEMPOTENCY_FILE: path.join(dir, 'api', 'idempotency.jsonl'),
    PORT: '0',
    LOG_LEVEL: 'silent',
  };
  server = await startServer(loadConfig(env));
});

afterAll(async () => {
  await server?.app.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(keys.dir, { recursive: true, force: true });
});

describe('an API serving one org', () => {
  it("signs only with that org's client identities", () => {
    const served = server.app.ledger.ledger.description.orgs.flatMap((o) => o.identities.map((i) => `${o.mspId}/${i.name}`));
    expect(served.sort()).toEqual([`${ORG}/company1`, `${ORG}/company2`, `${ORG}/regulator1`]);
    expect(JSON.stringify(server.app.ledger.ledger.description)).not.toMatch(/admin/);
  });

  it('serves its own clients: a company registers a contract (MAJORITY endorsed) and the regulator reads it', async () => {
    const input = contractInput(ownedId('P'));
    const created = await call('POST', '/v1/contracts', keys.key('housingbureau-company1'), input);
    expect(created.status).toBe(201);
    expect(created.body.txId).toMatch(/^[0-9a-f]{64}$/);
    const read = await call('GET', `/v1/contracts/${input.contractId}`, keys.key('housingbureau-regulator1'));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ contract: { contractId: input.contractId } });
  });

  it("refuses other orgs' keys as unknown, and they write nothing", async () => {
    const input = contractInput(ownedId('P'));
    for (const other of ['court-mediator1', 'lawfirma-lawyer1'] as const) {
      const r = await call('GET', '/v1/funnel', keys.key(other));
      expect(r.status).toBe(401);
    }
    const refused = await call('POST', '/v1/contracts', keys.key('court-judge1'), input);
    expect(refused.status).toBe(401);
    expect((await call('GET', `/v1/contracts/${input.contractId}`, keys.key('housingbureau-regulator1'))).status).toBe(404);
  });

  it('will not start for an org that is not on the channel', async () => {
    const env = { ...process.env, NOTARY_ORG: 'LawFirmZMSP', API_KEYS_FILE: keys.storeFile, PORT: '0', LOG_LEVEL: 'silent' };
    await expect(startServer(loadConfig(env))).rejects.toThrow(/NOTARY_ORG=LawFirmZMSP is not an organisation of channel notary/);
  });
});
