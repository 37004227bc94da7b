// Check 'definition.policy': the chaincode definition in force names the
// endorsement policy the verifier evaluated. The package's definitionBlock
// holds the newest VALID `_lifecycle` CommitChaincodeDefinition of the
// chaincode; Fabric writes only a definition's changed fields, so the
// ValidationInfo (plugin and validation parameter) is read from it or from
// validationInfoBlock, whose transaction the definition read (same version).
// Both lifecycle transactions must be VALID, signed by their creator and
// endorsed by peers satisfying /Channel/Application/LifecycleEndorsement; every
// packaged transaction must have read the definition's Sequence at its version.
import { common, peer } from '@hyperledger/fabric-protos';
import type { DefinitionBlock } from '../format';
import { checkBlock } from './chain';
import { ENDORSEMENT_POLICY, LIFECYCLE_ENDORSEMENT_POLICY } from './policy-paths';
import { short, type Context } from './context';
import { DecodeError, decodeEndorsedAction, decodeEnvelope, transactionFilter, type EndorsedAction } from './decode';
import { sha256, sha256Hex } from './hashes';
import type { Identity } from './msp';
import { evaluatePolicyPath } from './policy';
import { checkSigner } from './signatures';

export { LIFECYCLE_ENDORSEMENT_POLICY };

interface LifecycleTx {
  action: EndorsedAction;
  index: number;
  block: bigint;
}

/** A `_lifecycle` commit transaction: block verified, VALID, creator-signed, endorsed per LifecycleEndorsement. */
// eslint-disable-next-line complexity -- verifier check: a _lifecycle commit (block, validation code, creator signature, endorsement policy)
function lifecycleTx(ctx: Context, d: DefinitionBlock, field: string): LifecycleTx {
  const verified = checkBlock(ctx, d, field);
  if (!verified) throw new DecodeError(`${field} does not decode`);
  if (!verified.trusted) throw new DecodeError(`${field} (block ${d.number}) did not pass the block checks (data hash, configuration, orderer signatures)`);
  const block = verified.decoded;
  const config = verified.configNumber === undefined ? undefined : ctx.configs.get(verified.configNumber)?.config;
  if (!config) throw new DecodeError(`${field}: its configuration did not verify`);
  const msps = config.msps;
  for (const [index, raw] of block.envelopes.entries()) {
    const env = decodeEnvelope(raw, `${field} transaction #${index}`);
    if (env.channelHeader.txId !== d.txId) continue;
    const label = `${field} transaction ${short(d.txId)} (block ${d.number}, index ${index})`;
    const problems: string[] = [];
    if (env.channelHeader.type !== common.HeaderType.ENDORSER_TRANSACTION) problems.push(`type ${env.channelHeader.type}, not ENDORSER_TRANSACTION`);
    if (env.channelHeader.channelId !== ctx.pkg.channel) problems.push(`channel ${JSON.stringify(env.channelHeader.channelId)}`);
    if (sha256Hex(env.nonce, env.creator) !== d.txId) problems.push('its ID is not SHA-256(nonce ‖ creator)');
    if (transactionFilter(block)[index] !== 0) problems.push(`its validation flag is ${transactionFilter(block)[index]}, not VALID`);
    const at = Date.parse(env.channelHeader.timestamp);
    const creator = checkSigner(env.creator, [env.payload], env.signature, msps, Number.isFinite(at) ? at : undefined);
    if (!creator.ok) problems.push(`creator ${creator.who}: ${creator.reason}`);
    const action = decodeEndorsedAction(env, label);
    if (action.chaincodeName !== '_lifecycle') problems.push(`chaincode ${JSON.stringify(action.chaincodeName)}, not _lifecycle`);
    if (action.function !== 'CommitChaincodeDefinition') problems.push(`function ${JSON.stringify(action.function)}, not CommitChaincodeDefinition`);
    if (!Buffer.from(action.actionHeader).equals(Buffer.from(env.signatureHeaderBytes)))
      problems.push("the proposal's signature header is not the transaction's");
    if (!sha256(env.channelHeaderBytes, action.actionHeader, action.chaincodeProposalPayload).equals(Buffer.from(action.proposalHash)))
      problems.push("the endorsed proposal hash is not this transaction's");
    if (action.responseStatus < 200 || action.responseStatus >= 400) problems.push(`status ${action.responseStatus}`);
    const peers: Identity[] = [];
    action.endorsements.forEach((e, i) => {
      const r = checkSigner(e.endorser, [action.proposalResponsePayload, e.endorser], e.signature, msps, Number.isFinite(at) ? at : undefined);
      if (!r.ok) problems.push(`endorsement #${i + 1} by ${r.who}: ${r.reason}`);
      else if (!r.identity.roles.has('peer')) problems.push(`endorsement #${i + 1} by ${r.who} is not a peer's`);
      else peers.push(r.identity);
    });
    const outcome = evaluatePolicyPath(config, LIFECYCLE_ENDORSEMENT_POLICY, peers);
    if (!outcome.ok) problems.push(outcome.detail);
    if (problems.length) throw new DecodeError(`${label}: ${problems.join('; ')}`);
    return { action, index, block: block.header.number };
  }
  throw new DecodeError(`${field}: block ${d.number} holds no transaction ${short(d.txId)}`);
}

/** StateData { bytes } → ChaincodeValidationInfo → ApplicationPolicy. */
function validationInfo(value: Uint8Array): { plugin: string; policy: peer.ApplicationPolicy } {
  const data = peer.lifecycle.StateData.deserializeBinary(value);
  const info = peer.lifecycle.ChaincodeValidationInfo.deserializeBinary(data.getBytes_asU8());
  return { plugin: info.getValidationPlugin(), policy: peer.ApplicationPolicy.deserializeBinary(info.getValidationParameter_asU8()) };
}

export function checkDefinition(ctx: Context): void {
  const { pkg, rec, facts } = ctx;
  if (!pkg.definitionBlock) {
    facts.policies.definitionProven = false;
    rec.fail('definition.policy', 'the package has no definitionBlock: the chaincode definition its endorsement policy check relies on is not proven');
    return;
  }
  const where = { blockNumber: pkg.definitionBlock.number, txId: pkg.definitionBlock.txId };
  // eslint-disable-next-line complexity -- verifier check: the chaincode definition (sequence, ValidationInfo, policy reference, bound transactions)
  const ok = rec.guard('definition.policy', where, () => {
    const cc = pkg.chaincode;
    const fieldKey = (f: string) => `namespaces/fields/${cc}/${f}`;
    const def = lifecycleTx(ctx, pkg.definitionBlock!, 'definitionBlock');
    const defWrites = def.action.writes.get('_lifecycle') ?? [];
    const sequence = defWrites.find((w) => w.key === fieldKey('Sequence') && !w.isDelete);
    if (!sequence) throw new DecodeError(`the definition transaction writes no ${fieldKey('Sequence')}`);
    const seq = peer.lifecycle.StateData.deserializeBinary(sequence.value).getInt64();
    let viWrite = defWrites.find((w) => w.key === fieldKey('ValidationInfo') && !w.isDelete);
    let viFrom = `the definition transaction (block ${def.block})`;
    if (!viWrite) {
      if (!pkg.validationInfoBlock)
        throw new DecodeError(`the definition (sequence ${seq}) does not write ValidationInfo and the package has no validationInfoBlock`);
      const vi = lifecycleTx(ctx, pkg.validationInfoBlock, 'validationInfoBlock');
      const read = (def.action.reads.get('_lifecycle') ?? []).find((r) => r.key === fieldKey('ValidationInfo'));
      if (!read?.version || read.version.block !== vi.block || read.version.tx !== BigInt(vi.index)) {
        throw new DecodeError(
          `the definition read ValidationInfo at ${read?.version ? `(${read.version.block}, ${read.version.tx})` : 'no version'}, not at ` +
            `validationInfoBlock's transaction (${vi.block}, ${vi.index})`,
        );
      }
      viWrite = (vi.action.writes.get('_lifecycle') ?? []).find((w) => w.key === fieldKey('ValidationInfo') && !w.isDelete);
      if (!viWrite) throw new DecodeError("validationInfoBlock's transaction writes no ValidationInfo");
      viFrom = `the lifecycle transaction of block ${vi.block} (index ${vi.index}), which the definition read`;
    } else if (pkg.validationInfoBlock) {
      throw new DecodeError('validationInfoBlock given although the definition writes ValidationInfo itself');
    }
    const { plugin, policy } = validationInfo(viWrite.value);
    if (plugin !== 'vscc') throw new DecodeError(`validation plugin ${JSON.stringify(plugin)}, not vscc`);
    if (policy.getTypeCase() !== peer.ApplicationPolicy.TypeCase.CHANNEL_CONFIG_POLICY_REFERENCE) {
      throw new DecodeError(
        "the definition's endorsement policy is a signature policy, which this verifier does not evaluate: /Channel/Application/Endorsement does not apply",
      );
    }
    const ref = policy.getChannelConfigPolicyReference();
    if (ref !== ENDORSEMENT_POLICY) throw new DecodeError(`the definition's endorsement policy references ${JSON.stringify(ref)}, not ${ENDORSEMENT_POLICY}`);
    // Every packaged transaction was endorsed under this definition: it read its Sequence at this transaction's version.
    const unbound = pkg.transactions.filter((t) => {
      const read = (ctx.txs.get(t.txId)?.action?.reads.get('_lifecycle') ?? []).find((r) => r.key === fieldKey('Sequence'));
      return !read?.version || read.version.block !== def.block || read.version.tx !== BigInt(def.index);
    });
    // A definition that governs none of them is the wrong one. Transactions endorsed under an earlier definition
    // (a dispute that spans an upgrade) stay valid, but this package does not prove their definition's policy.
    if (unbound.length === pkg.transactions.length) {
      throw new DecodeError(
        `no packaged transaction was endorsed under this definition (their read of ${fieldKey('Sequence')} is not at (${def.block}, ${def.index})), ` +
          `first ${short(unbound[0]!.txId)}`,
      );
    }
    if (unbound.length) facts.policies.endorsedUnderEarlierDefinition = unbound.map((t) => t.txId);
    facts.policies.definition = `chaincode ${cc} sequence ${seq}, committed in block ${def.block}: validation ${plugin}, endorsement policy ${ref}`;
    const bound = pkg.transactions.length - unbound.length;
    return rec.pass(
      'definition.policy',
      `chaincode ${cc} definition sequence ${seq} (block ${def.block}, index ${def.index}) is VALID, signed by its creator and endorsed per ` +
        `${LIFECYCLE_ENDORSEMENT_POLICY}; ` +
        `its ValidationInfo (from ${viFrom}) is plugin vscc with policy reference ${ref}; ${bound} of ${pkg.transactions.length} packaged ` +
        `transactions read its Sequence at that version` +
        (unbound.length
          ? `; ${unbound.length} were endorsed under an earlier definition, whose policy this package does not prove (first ${short(unbound[0]!.txId)})`
          : ''),
      where,
    );
  });
  facts.policies.definitionProven = ok === true && !facts.policies.endorsedUnderEarlierDefinition;
}
