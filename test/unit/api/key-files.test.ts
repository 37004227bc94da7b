// Each org's own API keeps its key store in the org's own folder; the demo's API for every org keeps one shared store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueKeys, ApiKeys } from '../../../api/auth';
import { loadConfig } from '../../../api/config';
import { defaultKeysFile, orgApiDir, orgKeyOf, SHARED_KEYS_FILE } from '../../../api/key-files';
import { layout } from '../../../network/native/paths';
import { foundingTopology } from '../../../network/topology';
import { FAKE_NETWORK } from './fake-ledger';

describe('API key stores', () => {
  it("puts an org's store in the org's own folder, the one the launcher gives it", () => {
    for (const org of foundingTopology().orgs) {
      expect(orgKeyOf(org.mspId)).toBe(org.key);
      expect(orgApiDir(org.mspId)).toBe(path.resolve(layout.org(org, 'api')));
    }
    expect(orgKeyOf('LawFirmCMSP')).toBe('lawfirmc');
  });

  it('an API for one org reads its own store unless API_KEYS_FILE says otherwise; the demo API reads the shared one', () => {
    expect(loadConfig({ NOTARY_ORG: 'HousingBureauMSP' }).API_KEYS_FILE).toBe(path.join(orgApiDir('HousingBureauMSP'), 'api-keys.json'));
    expect(loadConfig({}).API_KEYS_FILE).toBe(SHARED_KEYS_FILE);
    expect(loadConfig({ NOTARY_ORG: 'CourtMSP', API_KEYS_FILE: '/elsewhere/keys.json' }).API_KEYS_FILE).toBe('/elsewhere/keys.json');
    expect(defaultKeysFile(undefined)).toBe(SHARED_KEYS_FILE);
  });

  it("issues keys for one org's client identities only, none for its admin, and the credentials file is owner-only", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notary-keys-'));
    try {
      const store = path.join(dir, 'api-keys.json');
      const credentials = path.join(dir, 'credentials.json');
      const issued = issueKeys(FAKE_NETWORK, store, credentials, 'HousingBureauMSP');
      expect(issued.map((k) => k.clientId).sort()).toEqual(['housingbureau-company1', 'housingbureau-company2', 'housingbureau-regulator1']);
      const keys = ApiKeys.load(store);
      expect(keys.clients.map((c) => c.mspId)).toEqual(['HousingBureauMSP', 'HousingBureauMSP', 'HousingBureauMSP']);
      expect(keys.verify(issued[0]!.key)?.clientId).toBe(issued[0]!.clientId);
      expect(fs.readFileSync(store, 'utf8')).not.toContain(issued[0]!.key);
      expect(fs.statSync(credentials).mode & 0o077).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
