import type { ApiClient } from '../../../api/auth';
import { servedClients, servedDescription } from '../../../api/served-identities';
import type { NetworkDescription } from '../../../fabric/network-description';

const id = (name: string, role: string) => ({ name, role, attributes: {}, certificate: `${name}.pem`, privateKey: `${name}.key` });
const desc: NetworkDescription = {
  channel: 'notary',
  chaincode: 'notary',
  orderers: [],
  orgs: [
    { mspId: 'CourtMSP', name: 'court', connectionProfile: 'c.json', identities: [id('admin', 'admin'), id('judge1', 'judge')] },
    {
      mspId: 'HousingBureauMSP',
      name: 'bureau',
      connectionProfile: 'h.json',
      identities: [id('admin', 'admin'), id('company1', 'property-company'), id('regulator1', 'regulator'), id('unkeyed', 'regulator')],
    },
  ],
};
const client = (mspId: string, identity: string, role: string): ApiClient => ({
  clientId: `${mspId}-${identity}`,
  label: identity,
  mspId,
  identity,
  role,
  keyHash: '0',
});
const clients = [
  client('CourtMSP', 'judge1', 'judge'),
  client('HousingBureauMSP', 'company1', 'property-company'),
  client('HousingBureauMSP', 'regulator1', 'regulator'),
];
const names = (d: NetworkDescription) => d.orgs.map((o) => `${o.mspId}:${o.identities.map((i) => i.name).join(',')}`);

describe('served identities', () => {
  it('keeps the keyed client identities of every org and drops admins and identities without a key', () => {
    expect(names(servedDescription(desc, clients, undefined))).toEqual(['CourtMSP:judge1', 'HousingBureauMSP:company1,regulator1']);
  });

  it("with one org, keeps only that org's clients but every org's connection details", () => {
    const served = servedDescription(desc, clients, 'HousingBureauMSP');
    expect(names(served)).toEqual(['CourtMSP:', 'HousingBureauMSP:company1,regulator1']);
    expect(served.orgs.map((o) => o.connectionProfile)).toEqual(['c.json', 'h.json']);
    expect(JSON.stringify(served)).not.toContain('admin.key');
    expect(servedClients(clients, 'HousingBureauMSP').map((c) => c.identity)).toEqual(['company1', 'regulator1']);
  });

  it('refuses an org that is not on the channel, and a key store that serves nothing', () => {
    expect(() => servedDescription(desc, clients, 'LawFirmZMSP')).toThrow(/NOTARY_ORG=LawFirmZMSP is not an organisation of channel notary/);
    expect(() => servedDescription(desc, [client('CourtMSP', 'admin', 'admin')], undefined)).toThrow(/no client identity to serve/);
    expect(() => servedDescription(desc, clients.slice(1), 'CourtMSP')).toThrow(/no client identity to serve for CourtMSP/);
  });
});
