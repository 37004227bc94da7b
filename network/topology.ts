// The network's single source of truth. The native launcher (network/native)
// and each org's deploy/<org>/compose.yml (network/compose/) are both derived from it.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../fabric/state-dir';
import { parseHostPlan, placeOrgs, type HostPlan, type OrgHost } from './hosts';

export type IdentityType = 'admin' | 'client';

export interface IdentitySpec {
  /** Enrollment ID at the org's CA; also the folder name under users/. */
  name: string;
  type: IdentityType;
  /** Value of the `role` certificate attribute the chaincode authorises on. */
  role: string;
  /** Every certificate attribute, `role` included, added to the enrollment certificate. */
  attributes: Record<string, string>;
}

export interface PeerSpec {
  /** Short name, unique within its org (peer0, peer1). */
  name: string;
  port: number;
  chaincodePort: number;
  operationsPort: number;
}

export interface OrdererSpec {
  name: string;
  port: number;
  adminPort: number;
  operationsPort: number;
}

export interface OrgSpec {
  /** Folder and host-name key. */
  key: string;
  mspId: string;
  /** DNS suffix of this org's nodes in its compose file and TLS certificates (peer0.court.notary.local). */
  domain: string;
  displayName: string;
  ca: { port: number; operationsPort: number };
  peers: PeerSpec[];
  /** Raft orderer node operated by this org, if any. */
  orderer?: OrdererSpec;
  /** Port of this org's chaincode-as-a-service server. */
  chaincodeServerPort: number;
  /** Client identities registered at this org's CA; the org admin comes first. */
  identities: IdentitySpec[];
  /** The org's own host, from the state folder's hosts.json; none: this machine's loopback (network/hosts.ts). */
  host?: OrgHost;
}

/** A private data collection of the chaincode (clear data held by member orgs only). */
export interface CollectionSpec {
  name: string;
  members: string[];
  /** Signature policy for writes to the collection; overrides the chaincode policy for its keys. */
  endorsementPolicy: string;
  requiredPeerCount: number;
  maxPeerCount: number;
  blockToLive: number;
  memberOnlyRead: boolean;
  memberOnlyWrite: boolean;
}

export interface Topology {
  channel: string;
  chaincode: { name: string; label: string; endorsementPolicy: string; collections: CollectionSpec[] };
  /** Channel-level policy set in the channel configuration (configtx). */
  policies: { endorsement: string; lifecycleEndorsement: string };
  orderer: { batchTimeout: string; maxMessageCount: number; preferredMaxBytes: string };
  orgs: OrgSpec[];
}

const admin = (name = 'admin'): IdentitySpec => ({
  name,
  type: 'admin',
  role: 'admin',
  attributes: { role: 'admin' },
});

const client = (name: string, role: string, extra: Record<string, string> = {}): IdentitySpec => ({
  name,
  type: 'client',
  role,
  attributes: { role, ...extra },
});

/** Unified social credit codes (统一社会信用代码, GB 32100-2015, valid check digits) of the demo property companies. */
export const DEMO_COMPANY_IDS = ['91110105MA01XQ7T3B', '91110105MA00K5Y2R0'] as const;

function baseTopology(): Topology {
  return {
    channel: 'notary',
    chaincode: {
      name: 'notary',
      label: 'notary',
      endorsementPolicy: '/Channel/Application/Endorsement',
      collections: [
        {
          // Owners' clear identity (PIPL): only the court and the housing bureau hold it; the
          // shared ledger carries the salted commitment and the hash of this private write.
          name: 'ownerPII',
          members: ['CourtMSP', 'HousingBureauMSP'],
          endorsementPolicy: "AND('CourtMSP.peer', 'HousingBureauMSP.peer')",
          requiredPeerCount: 1,
          maxPeerCount: 2,
          blockToLive: 0,
          memberOnlyRead: true,
          memberOnlyWrite: true,
        },
        {
          // Clear text of notes, descriptions and reasons (chaincode/src/domain/free-text.ts): the shared
          // ledger carries a code and a salted commitment. Every writer of such a text is a court or
          // bureau client (law firms have no free-text field), so members-only writes refuse nobody.
          name: 'caseNotes',
          members: ['CourtMSP', 'HousingBureauMSP'],
          endorsementPolicy: "AND('CourtMSP.peer', 'HousingBureauMSP.peer')",
          requiredPeerCount: 1,
          maxPeerCount: 2,
          blockToLive: 0,
          memberOnlyRead: true,
          memberOnlyWrite: true,
        },
      ],
    },
    // Four peer orgs: a MAJORITY (3 of 4) means no org writes alone and any one org may be down.
    policies: { endorsement: 'MAJORITY Endorsement', lifecycleEndorsement: 'MAJORITY Endorsement' },
    orderer: { batchTimeout: '250ms', maxMessageCount: 200, preferredMaxBytes: '2 MB' },
    orgs: [
      {
        key: 'court',
        mspId: 'CourtMSP',
        domain: 'court.notary.local',
        displayName: 'District court',
        ca: { port: 7054, operationsPort: 7455 },
        peers: [
          { name: 'peer0', port: 7051, chaincodePort: 7052, operationsPort: 7446 },
          { name: 'peer1', port: 7061, chaincodePort: 7062, operationsPort: 7447 },
        ],
        orderer: { name: 'orderer0', port: 7050, adminPort: 7053, operationsPort: 7443 },
        chaincodeServerPort: 7099,
        identities: [admin(), client('mediator1', 'mediator'), client('judge1', 'judge')],
      },
      {
        key: 'housingbureau',
        mspId: 'HousingBureauMSP',
        domain: 'housingbureau.notary.local',
        displayName: 'Housing bureau',
        ca: { port: 8054, operationsPort: 8455 },
        peers: [{ name: 'peer0', port: 8051, chaincodePort: 8052, operationsPort: 8446 }],
        orderer: { name: 'orderer1', port: 8050, adminPort: 8053, operationsPort: 8443 },
        chaincodeServerPort: 8099,
        identities: [
          admin(),
          client('regulator1', 'regulator'),
          client('company1', 'property-company', { companyId: DEMO_COMPANY_IDS[0] }),
          client('company2', 'property-company', { companyId: DEMO_COMPANY_IDS[1] }),
        ],
      },
      {
        key: 'lawfirma',
        mspId: 'LawFirmAMSP',
        domain: 'lawfirma.notary.local',
        displayName: 'Law firm A',
        ca: { port: 9054, operationsPort: 9455 },
        peers: [{ name: 'peer0', port: 9051, chaincodePort: 9052, operationsPort: 9446 }],
        orderer: { name: 'orderer2', port: 9050, adminPort: 9053, operationsPort: 9443 },
        chaincodeServerPort: 9099,
        identities: [admin(), client('lawyer1', 'lawyer')],
      },
      {
        key: 'lawfirmb',
        mspId: 'LawFirmBMSP',
        domain: 'lawfirmb.notary.local',
        displayName: 'Law firm B',
        ca: { port: 10054, operationsPort: 10455 },
        peers: [{ name: 'peer0', port: 10051, chaincodePort: 10052, operationsPort: 10446 }],
        chaincodeServerPort: 10099,
        identities: [admin(), client('lawyer1', 'lawyer')],
      },
    ],
  };
}

/**
 * Orgs that may join the channel at run time (`npm run org:add -- <key>`), in
 * the founding orgs' port pattern. They are not part of the founding topology:
 * once an org starts joining, .fabric/added-orgs.json records it and
 * loadTopology merges it (see network/added-orgs.ts).
 */
const JOINING_ORGS: readonly OrgSpec[] = [
  {
    key: 'lawfirmc',
    mspId: 'LawFirmCMSP',
    domain: 'lawfirmc.notary.local',
    displayName: 'Law firm C',
    ca: { port: 11054, operationsPort: 11455 },
    peers: [{ name: 'peer0', port: 11051, chaincodePort: 11052, operationsPort: 11446 }],
    chaincodeServerPort: 11099,
    identities: [admin(), client('lawyer1', 'lawyer')],
  },
];

/** The unshifted spec of an org that may join (ports as in the base topology). */
export function joiningOrgSpec(key: string): OrgSpec | undefined {
  const spec = JOINING_ORGS.find((o) => o.key === key || o.mspId === key);
  return spec && (JSON.parse(JSON.stringify(spec)) as OrgSpec);
}

export const joiningOrgKeys = (): string[] => JOINING_ORGS.map((o) => o.key);

function portOffset(env: NodeJS.ProcessEnv): number {
  const offset = Number(env.FABRIC_PORT_OFFSET ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 50000) {
    throw new Error(`FABRIC_PORT_OFFSET must be an integer from 0 to 50000, got "${env.FABRIC_PORT_OFFSET}"`);
  }
  return offset;
}

/** An org spec with every port shifted by `offset`. */
export function shiftOrg(org: OrgSpec, offset: number): OrgSpec {
  const shift = (p: number) => p + offset;
  const o = org.orderer;
  return {
    ...org,
    ca: { port: shift(org.ca.port), operationsPort: shift(org.ca.operationsPort) },
    chaincodeServerPort: shift(org.chaincodeServerPort),
    peers: org.peers.map((p) => ({ ...p, port: shift(p.port), chaincodePort: shift(p.chaincodePort), operationsPort: shift(p.operationsPort) })),
    ...(o ? { orderer: { ...o, port: shift(o.port), adminPort: shift(o.adminPort), operationsPort: shift(o.operationsPort) } } : {}),
  };
}

/** An org that joined (or is joining) at run time, as the state folder's added-orgs.json records it. */
export interface AddedOrg {
  /** The org's spec with unshifted ports (FABRIC_PORT_OFFSET applies on load, as for the founding orgs). */
  spec: OrgSpec;
  /** True once it is a channel member whose peer runs the chaincode; until then only `org:add` works with it. */
  joined: boolean;
}

export const addedOrgsFile = (env: NodeJS.ProcessEnv = process.env): string =>
  path.join(env.FABRIC_STATE_DIR ?? path.join(REPO_ROOT, '.fabric'), 'added-orgs.json');

/** The orgs recorded as added in the state folder (none in a fresh or cleaned one). */
export function addedOrgs(env: NodeJS.ProcessEnv = process.env): AddedOrg[] {
  const file = addedOrgsFile(env);
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { orgs: AddedOrg[] }).orgs;
}

export const hostPlanFile = (env: NodeJS.ProcessEnv = process.env): string => path.join(env.FABRIC_STATE_DIR ?? path.join(REPO_ROOT, '.fabric'), 'hosts.json');

/** The state folder's host plan (network/hosts.ts); empty without hosts.json: every org on loopback. */
export function hostPlan(env: NodeJS.ProcessEnv = process.env): HostPlan {
  const file = hostPlanFile(env);
  if (!fs.existsSync(file)) return {};
  try {
    return parseHostPlan(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The founding orgs only, every port shifted by FABRIC_PORT_OFFSET (default 0) and each org on the host
 * hosts.json gives it (default loopback): what the genesis block is made of.
 */
export function foundingTopology(env: NodeJS.ProcessEnv = process.env): Topology {
  const offset = portOffset(env);
  const t = baseTopology();
  t.orgs = placeOrgs(
    t.orgs.map((org) => shiftOrg(org, offset)),
    hostPlan(env),
  );
  return t;
}

export interface LoadOptions {
  /** Also merge orgs whose joining has begun but is not complete (what `org:add` itself works on). */
  pending?: boolean;
}

/**
 * The running network's topology: the founding orgs, then the orgs that joined
 * at run time (recorded in the state folder's added-orgs.json, see
 * network/added-orgs.ts), every port shifted by FABRIC_PORT_OFFSET (default 0)
 * so two networks can run side by side on one machine.
 */
export function loadTopology(env: NodeJS.ProcessEnv = process.env, { pending = false }: LoadOptions = {}): Topology {
  const t = foundingTopology(env);
  const offset = portOffset(env);
  const joined = addedOrgs(env).filter((a) => pending || a.joined);
  t.orgs = [
    ...t.orgs,
    ...placeOrgs(
      joined.map((a) => shiftOrg(a.spec, offset)),
      hostPlan(env),
    ),
  ];
  return t;
}

export interface PeerRef {
  org: OrgSpec;
  peer: PeerSpec;
  id: string;
  host: string;
}
export interface OrdererRef {
  org: OrgSpec;
  orderer: OrdererSpec;
  id: string;
  host: string;
}

export const peerHost = (org: OrgSpec, peer: PeerSpec) => `${peer.name}.${org.domain}`;
export const ordererHost = (org: OrgSpec, o: OrdererSpec) => `${o.name}.${org.domain}`;
export const caHost = (org: OrgSpec) => `ca.${org.domain}`;

export function allPeers(t: Topology): PeerRef[] {
  return t.orgs.flatMap((org) => org.peers.map((peer) => ({ org, peer, id: `${org.key}-${peer.name}`, host: peerHost(org, peer) })));
}

export function allOrderers(t: Topology): OrdererRef[] {
  return t.orgs.flatMap((org) =>
    org.orderer ? [{ org, orderer: org.orderer, id: `${org.key}-${org.orderer.name}`, host: ordererHost(org, org.orderer) }] : [],
  );
}

/** Every port the topology binds, for the uniqueness check. */
export function allPorts(t: Topology): number[] {
  return t.orgs.flatMap((org) => [
    org.ca.port,
    org.ca.operationsPort,
    org.chaincodeServerPort,
    ...org.peers.flatMap((p) => [p.port, p.chaincodePort, p.operationsPort]),
    ...(org.orderer ? [org.orderer.port, org.orderer.adminPort, org.orderer.operationsPort] : []),
  ]);
}
