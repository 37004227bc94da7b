import { allOrderers, allPeers, allPorts, foundingTopology } from '../../../network/topology';

describe('topology', () => {
  const t = foundingTopology({});

  it('has the court, the housing bureau and two law firms, each with its own CA', () => {
    expect(t.orgs.map((o) => o.mspId)).toEqual(['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP']);
    expect(new Set(t.orgs.map((o) => o.ca.port)).size).toBe(t.orgs.length);
  });

  it('gives the court two peers and every other org at least one', () => {
    const peers = allPeers(t);
    expect(peers.filter((p) => p.org.mspId === 'CourtMSP')).toHaveLength(2);
    for (const org of t.orgs) expect(org.peers.length).toBeGreaterThanOrEqual(1);
  });

  it('runs three Raft orderers operated by three different orgs', () => {
    const orderers = allOrderers(t);
    expect(orderers).toHaveLength(3);
    expect(new Set(orderers.map((o) => o.org.mspId)).size).toBe(3);
  });

  it('binds every port once', () => {
    const ports = allPorts(t);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('shifts every port by FABRIC_PORT_OFFSET and rejects a bad offset', () => {
    const shifted = foundingTopology({ FABRIC_PORT_OFFSET: '100' });
    expect(allPorts(shifted)).toEqual(allPorts(t).map((p) => p + 100));
    expect(() => foundingTopology({ FABRIC_PORT_OFFSET: '-1' })).toThrow(/FABRIC_PORT_OFFSET/);
    expect(() => foundingTopology({ FABRIC_PORT_OFFSET: 'abc' })).toThrow(/FABRIC_PORT_OFFSET/);
  });

  it('lists the org admin first and the roles the chaincode authorises on', () => {
    for (const org of t.orgs) expect(org.identities[0]).toMatchObject({ name: 'admin', type: 'admin', role: 'admin' });
    const roles = (msp: string) => t.orgs.find((o) => o.mspId === msp)!.identities.map((i) => i.role);
    expect(roles('CourtMSP')).toEqual(expect.arrayContaining(['mediator', 'judge']));
    expect(roles('HousingBureauMSP')).toEqual(expect.arrayContaining(['regulator', 'property-company']));
    expect(roles('LawFirmAMSP')).toContain('lawyer');
    expect(roles('LawFirmBMSP')).toContain('lawyer');
  });

  it('registers at least two property companies, each with its own company ID', () => {
    const companies = t.orgs.flatMap((o) => o.identities).filter((i) => i.role === 'property-company');
    expect(companies.length).toBeGreaterThanOrEqual(2);
    const ids = companies.map((c) => c.attributes.companyId);
    expect(new Set(ids).size).toBe(companies.length);
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/);
  });

  it('needs more than one org to endorse and still has a quorum with any one org down', () => {
    expect(t.policies.endorsement).toBe('MAJORITY Endorsement');
    const n = t.orgs.length;
    const majority = Math.floor(n / 2) + 1;
    expect(majority).toBeGreaterThan(1);
    expect(majority).toBeLessThanOrEqual(n - 1);
  });
});
