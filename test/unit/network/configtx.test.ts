import { configtx } from '../../../network/configtx';
import { Layout } from '../../../network/layout';
import { composePlacement, nativePlacement } from '../../../network/nodes';
import { foundingTopology } from '../../../network/topology';

const t = foundingTopology({});
const native = nativePlacement(new Layout('/state'), '/builder');

describe('channel configuration for both placements', () => {
  type Org = { ID: string; Policies: unknown; AnchorPeers: { Port: number }[]; OrdererEndpoints?: string[] };
  type Profile = {
    Orderer: { Organizations: Org[]; Policies: unknown; EtcdRaft: { Consenters: { Port: number }[] } };
    Application: { Organizations: Org[]; Policies: unknown };
  };
  const profile = (pl: typeof native) => Object.values(configtx(t, pl).Profiles as Record<string, Profile>)[0]!;
  const a = profile(native);
  const b = profile(composePlacement());

  it('has the same orgs, policies, consenter and anchor ports', () => {
    const shape = (p: Profile) => ({
      app: p.Application.Organizations.map((o) => ({ id: o.ID, policies: o.Policies, anchors: o.AnchorPeers.map((x) => x.Port) })),
      ord: p.Orderer.Organizations.map((o) => o.ID),
      appPolicies: p.Application.Policies,
      ordPolicies: p.Orderer.Policies,
      consenters: p.Orderer.EtcdRaft.Consenters.map((c) => c.Port),
    });
    expect(shape(b)).toEqual(shape(a));
    expect(a.Application.Organizations.map((o) => o.ID)).toEqual(t.orgs.map((o) => o.mspId));
    expect(a.Orderer.Organizations).toHaveLength(3);
  });

  it('requires a majority of the orgs to endorse', () => {
    expect(a.Application.Policies).toMatchObject({
      Endorsement: { Type: 'ImplicitMeta', Rule: 'MAJORITY Endorsement' },
      LifecycleEndorsement: { Type: 'ImplicitMeta', Rule: 'MAJORITY Endorsement' },
    });
  });
});
