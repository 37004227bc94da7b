// Fabric's policy evaluation, offline: ImplicitMeta policies over a group's
// sub-groups (ANY / ALL / MAJORITY of their policy of a name) and signature
// policies (n-out-of over MSP principals, each signer used at most once,
// greedily in order, as cauthdsl does). Input: identities whose signatures
// already verified.
import { sha256 } from './hashes';
import { groupAt, type ChannelConfig, type ConfigGroupNode, type PolicyDef, type Principal, type SignatureRule } from './config';
import type { Identity } from './msp';

export interface PolicyOutcome {
  ok: boolean;
  /** How the policy was met or missed, for people. */
  detail: string;
  /** For an ImplicitMeta policy: the sub-groups (orgs) whose sub-policy was met. */
  satisfiedGroups?: string[];
}

// eslint-disable-next-line complexity -- Fabric's MSP principal kinds and roles: one case each
export function satisfiesPrincipal(id: Identity, p: Principal): boolean {
  switch (p.kind) {
    case 'role':
      if (id.mspId !== p.mspId) return false;
      if (p.role === 'member') return true;
      if (p.role === 'admin') return id.roles.has('admin');
      return id.msp.nodeOUs !== undefined && id.roles.has(p.role);
    case 'ou': {
      if (id.mspId !== p.mspId || !id.cert.ous.includes(p.ou)) return false;
      if (p.certifiersIdentifier.length === 0) return true;
      const certifiers = sha256(...id.chain.slice(1).map((c) => c.cert.raw));
      return certifiers.equals(Buffer.from(p.certifiersIdentifier));
    }
    case 'identity':
      return Buffer.from(id.serialized).equals(Buffer.from(p.serialized));
    default:
      return false;
  }
}

export const describePrincipal = (p: Principal): string =>
  p.kind === 'role'
    ? `${p.mspId}.${p.role}`
    : p.kind === 'ou'
      ? `${p.mspId}.OU=${p.ou}`
      : p.kind === 'identity'
        ? `${p.mspId}.identity`
        : `unsupported principal (${p.classification})`;

function describeRule(r: SignatureRule, ids: Principal[]): string {
  if ('signedBy' in r) return describePrincipal(ids[r.signedBy]!);
  const inner = r.nOutOf.rules.map((x) => describeRule(x, ids)).join(', ');
  if (r.nOutOf.n === 1 && r.nOutOf.rules.length > 1) return `OR(${inner})`;
  if (r.nOutOf.n === r.nOutOf.rules.length) return `AND(${inner})`;
  return `OutOf(${r.nOutOf.n}, ${inner})`;
}

export function describePolicy(p: PolicyDef): string {
  if (p.type === 'implicitMeta') return `ImplicitMeta ${p.rule} ${p.subPolicy}`;
  if (p.type === 'signature') return describeRule(p.rule, p.identities);
  return `unsupported policy type ${p.policyType}`;
}

/** cauthdsl: a signed-by takes the first unused identity satisfying its principal. */
function evalRule(r: SignatureRule, ids: Principal[], signers: Identity[], used: boolean[]): boolean {
  if ('signedBy' in r) {
    const p = ids[r.signedBy]!;
    for (let i = 0; i < signers.length; i++) {
      if (!used[i] && satisfiesPrincipal(signers[i]!, p)) {
        used[i] = true;
        return true;
      }
    }
    return false;
  }
  let verified = 0;
  for (const rule of r.nOutOf.rules) {
    const trial = [...used];
    if (evalRule(rule, ids, signers, trial)) {
      verified++;
      trial.forEach((u, i) => (used[i] = u));
    }
  }
  return verified >= r.nOutOf.n;
}

/** Identities deduplicated by their serialized form, as Fabric does before evaluating. */
function distinct(signers: Identity[]): Identity[] {
  const seen = new Set<string>();
  return signers.filter((s) => {
    const k = Buffer.from(s.serialized).toString('base64');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function evaluatePolicy(group: ConfigGroupNode, name: string, signers: Identity[]): PolicyOutcome {
  const policy = group.policies.get(name);
  const path = `${group.path}/${name}`;
  if (!policy) return { ok: false, detail: `${path} is not defined` };
  const ids = distinct(signers);
  if (policy.type === 'signature') {
    const ok = evalRule(
      policy.rule,
      policy.identities,
      ids,
      ids.map(() => false),
    );
    return {
      ok,
      detail:
        `${path} = ${describePolicy(policy)}: ${ok ? 'satisfied' : 'not satisfied'} by ` +
        `${ids.length ? ids.map((i) => `${i.cert.commonName}@${i.mspId}`).join(', ') : 'no signer'}`,
    };
  }
  if (policy.type === 'implicitMeta') {
    const subs = [...group.groups.values()];
    const threshold = policy.rule === 'ANY' ? 1 : policy.rule === 'ALL' ? subs.length : Math.floor(subs.length / 2) + 1;
    const met = subs.filter((g) => g.policies.has(policy.subPolicy) && evaluatePolicy(g, policy.subPolicy, ids).ok).map((g) => g.mspId ?? g.name);
    const ok = met.length >= threshold;
    return {
      ok,
      satisfiedGroups: met,
      detail:
        `${path} = ${policy.rule} of ${policy.subPolicy} over ${subs.length} groups (${subs.map((g) => g.mspId ?? g.name).join(', ')}): ` +
        `needs ${threshold}, met by ${met.length}${met.length ? ` (${met.join(', ')})` : ''}`,
    };
  }
  return { ok: false, detail: `${path}: ${describePolicy(policy)}` };
}

/** Evaluates the policy at a path like /Channel/Application/Endorsement. */
export function evaluatePolicyPath(config: ChannelConfig, path: string, signers: Identity[]): PolicyOutcome {
  const cut = path.lastIndexOf('/');
  const group = groupAt(config, path.slice(0, cut));
  if (!group) return { ok: false, detail: `${path}: no such configuration group` };
  return evaluatePolicy(group, path.slice(cut + 1), signers);
}

export const describePolicyAt = (config: ChannelConfig, path: string): string | undefined => {
  const cut = path.lastIndexOf('/');
  const p = groupAt(config, path.slice(0, cut))?.policies.get(path.slice(cut + 1));
  return p ? describePolicy(p) : undefined;
};
