// Orgs added at run time are recorded in the state folder and merged by
// loadTopology after the founding orgs; the founding topology never changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordAddedOrg } from '../../../network/added-orgs';
import { allPorts, foundingTopology, joiningOrgSpec, loadTopology } from '../../../network/topology';

let stateDir: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'added-orgs-'));
  env = { FABRIC_STATE_DIR: stateDir, FABRIC_PORT_OFFSET: '1000' };
});
afterEach(() => fs.rmSync(stateDir, { recursive: true, force: true }));

const mspIds = (e: NodeJS.ProcessEnv, pending = false) => loadTopology(e, { pending }).orgs.map((o) => o.mspId);

describe('orgs added at run time', () => {
  it('a fresh state folder has the four founding orgs only', () => {
    expect(mspIds(env)).toEqual(['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP']);
    expect(loadTopology(env)).toEqual(foundingTopology(env));
  });

  it('a joining org is seen by org:add (pending) but not by the launcher until it has joined', () => {
    recordAddedOrg({ spec: joiningOrgSpec('lawfirmc')!, joined: false }, env);
    expect(mspIds(env)).not.toContain('LawFirmCMSP');
    expect(mspIds(env, true)).toEqual(['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP', 'LawFirmCMSP']);

    recordAddedOrg({ spec: joiningOrgSpec('LawFirmCMSP')!, joined: true }, env);
    expect(mspIds(env)).toEqual(['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP', 'LawFirmCMSP']);
    expect(foundingTopology(env).orgs).toHaveLength(4);
  });

  it('shifts the added org like the founding ones, without a port in common and without an orderer', () => {
    recordAddedOrg({ spec: joiningOrgSpec('lawfirmc')!, joined: true }, env);
    const t = loadTopology(env);
    const c = t.orgs.find((o) => o.key === 'lawfirmc')!;
    expect(c).toMatchObject({ ca: { port: 12054, operationsPort: 12455 }, chaincodeServerPort: 12099, peers: [{ port: 12051, chaincodePort: 12052 }] });
    expect(c.orderer).toBeUndefined();
    expect(c.identities.map((i) => [i.name, i.role])).toEqual([
      ['admin', 'admin'],
      ['lawyer1', 'lawyer'],
    ]);
    expect(new Set(allPorts(t)).size).toBe(allPorts(t).length);
  });

  it('knows no other joining org', () => {
    expect(joiningOrgSpec('lawfirmz')).toBeUndefined();
  });
});
