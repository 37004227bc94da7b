// The channel configuration as the verifier needs it: the group tree
// (/Channel, /Channel/Application/<org>, /Channel/Orderer/<org>) with each
// group's policies, and every org's MSP.
import { common, msp } from '@hyperledger/fabric-protos';
import { DecodeError } from './decode';
import { parseMspConfig, type MspInfo, type NodeRole } from './msp';

export type Principal =
  | { kind: 'role'; mspId: string; role: 'member' | NodeRole }
  | { kind: 'ou'; mspId: string; ou: string; certifiersIdentifier: Uint8Array }
  | { kind: 'identity'; serialized: Uint8Array; mspId: string }
  | { kind: 'unsupported'; classification: number };

export type SignatureRule = { signedBy: number } | { nOutOf: { n: number; rules: SignatureRule[] } };

export type PolicyDef =
  | { type: 'implicitMeta'; rule: 'ANY' | 'ALL' | 'MAJORITY'; subPolicy: string }
  | { type: 'signature'; rule: SignatureRule; identities: Principal[] }
  | { type: 'unsupported'; policyType: number };

export interface ConfigGroupNode {
  name: string;
  path: string;
  groups: Map<string, ConfigGroupNode>;
  policies: Map<string, PolicyDef>;
  /** The MSP ID of an org group (one with an MSP value). */
  mspId?: string;
}

export interface ChannelConfig {
  sequence: bigint;
  root: ConfigGroupNode;
  msps: Map<string, MspInfo>;
  /** Every org, with the groups it appears in (Application, Orderer). */
  orgs: { mspId: string; groups: string[] }[];
}

const ROLE_NAMES: Record<number, 'member' | NodeRole> = { 0: 'member', 1: 'admin', 2: 'client', 3: 'peer', 4: 'orderer' };

function principal(p: msp.MSPPrincipal): Principal {
  const bytes = p.getPrincipal_asU8();
  switch (p.getPrincipalClassification()) {
    case msp.MSPPrincipal.Classification.ROLE: {
      const r = msp.MSPRole.deserializeBinary(bytes);
      const role = ROLE_NAMES[r.getRole()];
      return role ? { kind: 'role', mspId: r.getMspIdentifier(), role } : { kind: 'unsupported', classification: 0 };
    }
    case msp.MSPPrincipal.Classification.ORGANIZATION_UNIT: {
      const o = msp.OrganizationUnit.deserializeBinary(bytes);
      return { kind: 'ou', mspId: o.getMspIdentifier(), ou: o.getOrganizationalUnitIdentifier(), certifiersIdentifier: o.getCertifiersIdentifier_asU8() };
    }
    case msp.MSPPrincipal.Classification.IDENTITY:
      return { kind: 'identity', serialized: bytes, mspId: msp.SerializedIdentity.deserializeBinary(bytes).getMspid() };
    default:
      return { kind: 'unsupported', classification: p.getPrincipalClassification() };
  }
}

function signatureRule(r: common.SignaturePolicy | undefined, count: number): SignatureRule {
  if (!r) throw new DecodeError('signature policy without a rule');
  if (r.hasNOutOf()) {
    const n = r.getNOutOf()!;
    return { nOutOf: { n: n.getN(), rules: n.getRulesList().map((x) => signatureRule(x, count)) } };
  }
  if (r.getSignedBy() >= count) throw new DecodeError(`signature policy refers to identity #${r.getSignedBy()} of ${count}`);
  return { signedBy: r.getSignedBy() };
}

export function parsePolicy(p: common.Policy): PolicyDef {
  switch (p.getType()) {
    case common.Policy.PolicyType.SIGNATURE: {
      const env = common.SignaturePolicyEnvelope.deserializeBinary(p.getValue_asU8());
      const identities = env.getIdentitiesList().map(principal);
      return { type: 'signature', rule: signatureRule(env.getRule(), identities.length), identities };
    }
    case common.Policy.PolicyType.IMPLICIT_META: {
      const im = common.ImplicitMetaPolicy.deserializeBinary(p.getValue_asU8());
      const rule = (['ANY', 'ALL', 'MAJORITY'] as const)[im.getRule()];
      if (!rule) throw new DecodeError(`unknown implicit meta rule ${im.getRule()}`);
      return { type: 'implicitMeta', rule, subPolicy: im.getSubPolicy() };
    }
    default:
      return { type: 'unsupported', policyType: p.getType() };
  }
}

function sortedEntries<V>(map: { forEach(fn: (v: V, k: string) => void): void }): [string, V][] {
  const out: [string, V][] = [];
  map.forEach((v, k) => out.push([k, v]));
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function parseConfig(config: common.Config): ChannelConfig {
  const msps = new Map<string, MspInfo>();
  const mspBytes = new Map<string, Uint8Array>();
  const orgGroups = new Map<string, string[]>();
  // eslint-disable-next-line complexity -- walks a configuration group: one branch per kind of node (MSP value, policy, child group)
  const walk = (g: common.ConfigGroup, name: string, path: string): ConfigGroupNode => {
    const node: ConfigGroupNode = { name, path, groups: new Map(), policies: new Map() };
    const mspValue = g.getValuesMap().get('MSP');
    if (mspValue) {
      const bytes = mspValue.getValue_asU8();
      const info = parseMspConfig(bytes, path);
      const seen = mspBytes.get(info.mspId);
      if (seen && !Buffer.from(seen).equals(Buffer.from(bytes))) throw new DecodeError(`two different definitions of MSP ${info.mspId}`);
      if (!seen) {
        msps.set(info.mspId, info);
        mspBytes.set(info.mspId, bytes);
      }
      node.mspId = info.mspId;
      orgGroups.set(info.mspId, [...(orgGroups.get(info.mspId) ?? []), path.split('/')[2] ?? path]);
    }
    for (const [policyName, cp] of sortedEntries<common.ConfigPolicy>(g.getPoliciesMap())) {
      const policy = cp.getPolicy();
      if (!policy) throw new DecodeError(`${path} policy ${policyName} is empty`);
      try {
        node.policies.set(policyName, parsePolicy(policy));
      } catch (e) {
        throw new DecodeError(`${path}/${policyName}: ${(e as Error).message}`);
      }
    }
    for (const [childName, child] of sortedEntries<common.ConfigGroup>(g.getGroupsMap())) {
      node.groups.set(childName, walk(child, childName, `${path}/${childName}`));
    }
    return node;
  };
  const channel = config.getChannelGroup();
  if (!channel) throw new DecodeError('configuration without a channel group');
  const root = walk(channel, 'Channel', '/Channel');
  return {
    sequence: BigInt(config.getSequence()),
    root,
    msps,
    orgs: [...orgGroups.entries()].map(([mspId, groups]) => ({ mspId, groups })),
  };
}

/** The group at a path like /Channel/Application. */
export function groupAt(config: ChannelConfig, path: string): ConfigGroupNode | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'Channel') return undefined;
  let g: ConfigGroupNode | undefined = config.root;
  for (const p of parts.slice(1)) g = g?.groups.get(p);
  return g;
}
