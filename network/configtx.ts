// The channel's configtx.yaml, derived from the topology. configtxgen turns it
// into the genesis block that every orderer joins through osnadmin.
import { stringify } from 'yaml';
import type { Placement } from './nodes';
import { allOrderers, ordererHost, peerHost, type OrgSpec, type Topology } from './topology';

export const CHANNEL_PROFILE = 'NotaryChannel';

const signature = (rule: string) => ({ Type: 'Signature', Rule: rule });
const implicit = (rule: string) => ({ Type: 'ImplicitMeta', Rule: rule });

/** Policies of one organisation; orderer nodes write (sign blocks) as members of their org. */
export function orgPolicies(org: OrgSpec) {
  const any = (...roles: string[]) => `OR(${roles.map((r) => `'${org.mspId}.${r}'`).join(', ')})`;
  return {
    Readers: signature(any('admin', 'peer', 'client', 'orderer')),
    Writers: signature(any('admin', 'client', 'orderer')),
    Admins: signature(any('admin')),
    Endorsement: signature(any('peer')),
  };
}

/** An application org as configtxgen reads it (the genesis profile, and `configtxgen -printOrg` for an org joining later). */
export function orgDefinition(org: OrgSpec, pl: Placement) {
  return {
    Name: org.mspId,
    ID: org.mspId,
    // From the org's card, not its folder: the genesis block needs only what orgs exchange.
    MSPDir: pl.layout.cardMsp(org),
    Policies: orgPolicies(org),
    ...(org.orderer ? { OrdererEndpoints: [`${pl.address(ordererHost(org, org.orderer), org)}:${org.orderer.port}`] } : {}),
    // Every peer is an anchor so cross-org gossip (and the gateway's discovery) survives any single peer.
    AnchorPeers: org.peers.map((p) => ({ Host: pl.address(peerHost(org, p), org), Port: p.port })),
  };
}

export function channelPolicies(t: Topology) {
  return {
    Readers: implicit('ANY Readers'),
    Writers: implicit('ANY Writers'),
    Admins: implicit('MAJORITY Admins'),
    LifecycleEndorsement: implicit(t.policies.lifecycleEndorsement),
    Endorsement: implicit(t.policies.endorsement),
  };
}

export function configtx(t: Topology, pl: Placement): Record<string, unknown> {
  const orgs = new Map(t.orgs.map((o) => [o.key, orgDefinition(o, pl)]));
  const ordererOrgs = t.orgs.filter((o) => o.orderer).map((o) => orgs.get(o.key));
  return {
    Profiles: {
      [CHANNEL_PROFILE]: {
        Capabilities: { V2_0: true },
        Policies: {
          Readers: implicit('ANY Readers'),
          Writers: implicit('ANY Writers'),
          Admins: implicit('MAJORITY Admins'),
        },
        Orderer: {
          OrdererType: 'etcdraft',
          BatchTimeout: t.orderer.batchTimeout,
          BatchSize: {
            MaxMessageCount: t.orderer.maxMessageCount,
            AbsoluteMaxBytes: '10 MB',
            PreferredMaxBytes: t.orderer.preferredMaxBytes,
          },
          EtcdRaft: {
            Consenters: allOrderers(t).map(({ org, orderer, host }) => {
              const tls = pl.layout.cardOrdererTls(org, orderer.name);
              return { Host: pl.address(host, org), Port: orderer.port, ClientTLSCert: tls, ServerTLSCert: tls };
            }),
            Options: {
              TickInterval: '500ms',
              ElectionTick: 10,
              HeartbeatTick: 1,
              MaxInflightBlocks: 5,
              SnapshotIntervalSize: '16 MB',
            },
          },
          Organizations: ordererOrgs,
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            Admins: implicit('MAJORITY Admins'),
            BlockValidation: implicit('ANY Writers'),
          },
          Capabilities: { V2_0: true },
        },
        Application: {
          Organizations: t.orgs.map((o) => orgs.get(o.key)),
          Policies: channelPolicies(t),
          Capabilities: { V2_5: true },
        },
      },
    },
  };
}

export function configtxYaml(t: Topology, pl: Placement): string {
  return `# Generated from network/topology.ts; do not edit.\n${stringify(configtx(t, pl), { aliasDuplicateObjects: false })}`;
}
