// API keys are for client identities only: issueKeys issues none for org
// admins, and ApiKeys refuses a store that maps an admin identity.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiKeys, issueKeys, type ApiClient } from '../../../api/auth';
import { FAKE_NETWORK } from './fake-ledger';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('API keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notary-api-keys-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('issueKeys issues one key per client identity and none for org admins; the store keeps only hashes', () => {
    const store = path.join(dir, 'api-keys.json');
    const credentials = path.join(dir, 'credentials.json');
    const issued = issueKeys(FAKE_NETWORK, store, credentials);
    const clients = FAKE_NETWORK.orgs.flatMap((o) =>
      o.identities.filter((i) => i.role !== 'admin').map((i) => `${o.mspId.replace(/MSP$/, '').toLowerCase()}-${i.name}`),
    );
    expect(FAKE_NETWORK.orgs.every((o) => o.identities.some((i) => i.role === 'admin'))).toBe(true);
    expect(issued.map((i) => i.clientId)).toEqual(clients);
    expect(issued.some((i) => i.clientId.endsWith('-admin') || i.label.includes('(admin)'))).toBe(false);

    const stored = (JSON.parse(fs.readFileSync(store, 'utf8')) as { clients: ApiClient[] }).clients;
    expect(stored.map((c) => c.clientId)).toEqual(clients);
    expect(stored.some((c) => c.role === 'admin' || c.identity === 'admin')).toBe(false);
    expect(stored.map((c) => c.keyHash)).toEqual(issued.map((i) => sha256(i.key)));
    expect(fs.readFileSync(store, 'utf8')).not.toContain(issued[0]!.key);
    expect((JSON.parse(fs.readFileSync(credentials, 'utf8')) as { clients: unknown[] }).clients).toEqual(issued);
    expect(fs.statSync(credentials).mode & 0o777).toBe(0o600);

    const keys = ApiKeys.load(store);
    expect(keys.verify(issued[0]!.key)).toMatchObject({ clientId: issued[0]!.clientId });
  });

  it('ApiKeys refuses a store that maps an org admin identity, with a clear error', () => {
    const client = (identity: string, role: string): ApiClient => ({
      clientId: `court-${identity}`,
      label: identity,
      mspId: 'CourtMSP',
      identity,
      role,
      keyHash: sha256(identity),
    });
    const judge = client('judge1', 'judge');
    expect(() => new ApiKeys([judge])).not.toThrow();
    expect(() => new ApiKeys([judge, client('admin', 'admin')])).toThrow(
      /API keys mapped to org admin identities are refused: court-admin \(CourtMSP admin, role admin\)\. Org admins are not API clients/,
    );
    // An admin identity under another role, or another name with the admin role, is refused as well.
    expect(() => new ApiKeys([client('admin', 'judge')])).toThrow(/org admin/);
    expect(() => new ApiKeys([client('boss', 'admin')])).toThrow(/org admin/);

    const store = path.join(dir, 'api-keys.json');
    fs.writeFileSync(store, JSON.stringify({ clients: [judge, client('admin', 'admin')] }));
    expect(() => ApiKeys.load(store)).toThrow(`${store}: API keys mapped to org admin identities are refused`);
  });
});
