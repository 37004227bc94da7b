// A configuration update checked as Fabric's configtx validator checks it
// (common/configtx: verifyReadSet, computeDeltaSet, verifyDeltaSet,
// computeUpdateResult), offline: the update envelope inside a configuration
// block must be signed so that every element it changes satisfies that
// element's mod_policy under the PREVIOUS configuration, and applying it to
// the previous configuration must give exactly the block's configuration with
// the next sequence number. A configuration that no authorised update
// produced is refused, however well its block is signed.
import { common } from '@hyperledger/fabric-protos';
import type { ChannelConfig } from './config';
import { DecodeError, type DecodedEnvelope } from './decode';
import type { Identity } from './msp';
import { evaluatePolicyPath, type PolicyOutcome } from './policy';
import { checkSigner } from './signatures';

type Item =
  | { kind: 'Group'; path: string[]; key: string; version: string; modPolicy: string; group: common.ConfigGroup }
  | { kind: 'Value'; path: string[]; key: string; version: string; modPolicy: string; value: common.ConfigValue }
  | { kind: 'Policy'; path: string[]; key: string; version: string; modPolicy: string; policy: common.ConfigPolicy };

const pathKey = (kind: Item['kind'], path: string[], key: string) => `[${kind}] /${[...path, key].join('/')}`;

function names<V>(m: { forEach(fn: (v: V, k: string) => void): void }): [string, V][] {
  const out: [string, V][] = [];
  m.forEach((v, k) => out.push([k, v]));
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** configtx mapConfig: every group, value and policy by its path key. */
function mapConfig(root: common.ConfigGroup | undefined, rootName = 'Channel'): Map<string, Item> {
  const out = new Map<string, Item>();
  if (!root) return out;
  const walk = (g: common.ConfigGroup, path: string[], key: string) => {
    out.set(pathKey('Group', path, key), { kind: 'Group', path, key, version: String(g.getVersion()), modPolicy: g.getModPolicy(), group: g });
    const here = [...path, key];
    for (const [k, v] of names<common.ConfigValue>(g.getValuesMap())) {
      out.set(pathKey('Value', here, k), { kind: 'Value', path: here, key: k, version: String(v.getVersion()), modPolicy: v.getModPolicy(), value: v });
    }
    for (const [k, p] of names<common.ConfigPolicy>(g.getPoliciesMap())) {
      out.set(pathKey('Policy', here, k), { kind: 'Policy', path: here, key: k, version: String(p.getVersion()), modPolicy: p.getModPolicy(), policy: p });
    }
    for (const [k, child] of names<common.ConfigGroup>(g.getGroupsMap())) walk(child, here, k);
  };
  walk(root, [], rootName);
  return out;
}

/** The policy path an element's mod_policy names (relative names resolve in the element's own group). */
function modPolicyPath(item: Item): string {
  if (item.modPolicy.startsWith('/')) return item.modPolicy;
  const group = item.kind === 'Group' ? [...item.path, item.key] : item.path;
  return `/${[...group, item.modPolicy].join('/')}`;
}

/** configtx recurseConfigMap, compared with the block's group instead of built: same versions, mod_policies, children, bytes. */
// eslint-disable-next-line complexity -- the config-update comparison (configtx recurseConfigMap): versions, mod_policies, children per node
function compareTree(map: Map<string, Item>, actual: common.ConfigGroup, path: string[], key: string, problems: string[]): void {
  const here = `/${[...path, key].join('/')}`;
  const expected = map.get(pathKey('Group', path, key));
  if (!expected || expected.kind !== 'Group') return void problems.push(`${here}: not in the updated configuration`);
  const g = expected.group;
  if (String(actual.getVersion()) !== expected.version || actual.getModPolicy() !== expected.modPolicy) {
    problems.push(`${here}: version/mod_policy ${actual.getVersion()}/${actual.getModPolicy()}, the update gives ${expected.version}/${expected.modPolicy}`);
  }
  const sameNames = (a: [string, unknown][], b: [string, unknown][]) => a.map(([k]) => k).join('\u0000') === b.map(([k]) => k).join('\u0000');
  const childPath = [...path, key];
  const values = names<common.ConfigValue>(actual.getValuesMap());
  if (!sameNames(values, names(g.getValuesMap())))
    problems.push(
      `${here}: values ${values.map(([k]) => k).join(', ')}, the update gives ${names(g.getValuesMap())
        .map(([k]) => k)
        .join(', ')}`,
    );
  for (const [k, v] of values) {
    const e = map.get(pathKey('Value', childPath, k));
    if (
      e?.kind !== 'Value' ||
      e.version !== String(v.getVersion()) ||
      e.modPolicy !== v.getModPolicy() ||
      !Buffer.from(e.value.getValue_asU8()).equals(Buffer.from(v.getValue_asU8()))
    ) {
      problems.push(`${here}/${k}: the value differs from what the update gives`);
    }
  }
  const policies = names<common.ConfigPolicy>(actual.getPoliciesMap());
  if (!sameNames(policies, names(g.getPoliciesMap())))
    problems.push(
      `${here}: policies ${policies.map(([k]) => k).join(', ')}, the update gives ${names(g.getPoliciesMap())
        .map(([k]) => k)
        .join(', ')}`,
    );
  for (const [k, p] of policies) {
    const e = map.get(pathKey('Policy', childPath, k));
    const bytes = (x: common.ConfigPolicy) => Buffer.from(x.getPolicy()?.serializeBinary() ?? new Uint8Array());
    if (e?.kind !== 'Policy' || e.version !== String(p.getVersion()) || e.modPolicy !== p.getModPolicy() || !bytes(e.policy).equals(bytes(p))) {
      problems.push(`${here}/${k}: the policy differs from what the update gives`);
    }
  }
  const groups = names<common.ConfigGroup>(actual.getGroupsMap());
  if (!sameNames(groups, names(g.getGroupsMap())))
    problems.push(
      `${here}: groups ${groups.map(([k]) => k).join(', ')}, the update gives ${names(g.getGroupsMap())
        .map(([k]) => k)
        .join(', ')}`,
    );
  for (const [k, child] of groups) compareTree(map, child, childPath, k, problems);
}

export interface UpdateOutcome {
  /** Each changed element with the policy it needed and how that was met. */
  changes: { element: string; policy: string; outcome: PolicyOutcome }[];
  /** The admins whose signatures on the update verified. */
  signers: Identity[];
}

/**
 * Checks that `next` (a configuration block's ConfigEnvelope) is the result of
 * an update authorised under `prev`. Throws DecodeError naming what fails.
 */
// eslint-disable-next-line complexity -- the config-update comparison: a block checked as an update authorised under the previous configuration
export function checkConfigUpdate(
  prev: { config: ChannelConfig; raw: common.Config; channelId: string },
  nextEnv: DecodedEnvelope,
  next: common.Config,
): UpdateOutcome {
  if (BigInt(next.getSequence()) !== prev.config.sequence + 1n) {
    throw new DecodeError(
      `its sequence is ${next.getSequence()}, the configuration before it has ${prev.config.sequence}: a configuration block is missing or out of order`,
    );
  }
  const envelope = common.ConfigEnvelope.deserializeBinary(nextEnv.data);
  const lastUpdate = envelope.getLastUpdate();
  if (!lastUpdate) throw new DecodeError('it carries no configuration update (last_update)');
  const payload = common.Payload.deserializeBinary(lastUpdate.getPayload_asU8());
  const ch = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
  if (ch.getType() !== common.HeaderType.CONFIG_UPDATE) throw new DecodeError(`its last update is of type ${ch.getType()}, not CONFIG_UPDATE`);
  const cue = common.ConfigUpdateEnvelope.deserializeBinary(payload.getData_asU8());
  const updateBytes = cue.getConfigUpdate_asU8();
  const update = common.ConfigUpdate.deserializeBinary(updateBytes);
  if (update.getChannelId() !== prev.channelId)
    throw new DecodeError(`the update is for channel ${JSON.stringify(update.getChannelId())}, not ${prev.channelId}`);

  const existing = mapConfig(prev.raw.getChannelGroup());
  const readSet = mapConfig(update.getReadSet());
  const writeSet = mapConfig(update.getWriteSet());
  for (const [key, r] of readSet) {
    const e = existing.get(key);
    if (!e) throw new DecodeError(`the update reads ${key}, which the previous configuration lacks`);
    if (e.version !== r.version) throw new DecodeError(`the update read ${key} at version ${r.version}, the previous configuration has ${e.version}`);
  }
  const delta = [...writeSet].filter(([key, w]) => readSet.get(key)?.version !== w.version);
  if (delta.length === 0) throw new DecodeError('the update changes nothing');

  // Signatures on the update: each verified under the previous configuration's MSPs.
  const signers: Identity[] = [];
  cue.getSignaturesList().forEach((s, i) => {
    const sh = common.SignatureHeader.deserializeBinary(s.getSignatureHeader_asU8());
    const r = checkSigner(sh.getCreator_asU8(), [s.getSignatureHeader_asU8(), updateBytes], s.getSignature_asU8(), prev.config.msps);
    if (!r.ok) throw new DecodeError(`signature #${i + 1} on the update, by ${r.who}: ${r.reason}`);
    signers.push(r.identity);
  });

  const changes: UpdateOutcome['changes'] = [];
  for (const [key, w] of delta) {
    if (!w.modPolicy) throw new DecodeError(`${key}: mod_policy not set`);
    const e = existing.get(key);
    if (!e) {
      if (w.version !== '0') throw new DecodeError(`${key} is new but set to version ${w.version}`);
      continue; // a new element is authorised by its parent group's change
    }
    if (BigInt(w.version) !== BigInt(e.version) + 1n) throw new DecodeError(`${key} set to version ${w.version}, but it is at version ${e.version}`);
    const policy = modPolicyPath(e);
    const outcome = evaluatePolicyPath(prev.config, policy, signers);
    if (!outcome.ok) throw new DecodeError(`${key} changed without its mod_policy: ${outcome.detail}`);
    changes.push({ element: key, policy, outcome });
  }

  const result = new Map(existing);
  for (const [key, w] of delta) result.set(key, w);
  const actual = next.getChannelGroup();
  if (!actual) throw new DecodeError('the configuration has no channel group');
  const problems: string[] = [];
  compareTree(result, actual, [], 'Channel', problems);
  if (problems.length) throw new DecodeError(`the configuration is not what its update gives: ${problems.slice(0, 3).join('; ')}`);
  return { changes, signers };
}
