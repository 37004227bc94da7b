// Checks 5–6: each packaged transaction in its block (position, ID, the
// peers' validation flag), its creator's signature, and its endorsements:
// every endorser a valid peer whose signature verifies, together satisfying
// the channel's endorsement policy.
import { common } from '@hyperledger/fabric-protos';
import { validationCodeName } from '../../fabric/blocks';
import { ENDORSEMENT_POLICY } from './policy-paths';
import { short, type Context, type TxState } from './context';
import { DecodeError, decodeEndorsedAction, decodeEnvelope, transactionFilter } from './decode';
import { sha256, sha256Hex } from './hashes';
import { identityFact, type Identity } from './msp';
import { evaluatePolicyPath } from './policy';
import { checkSigner } from './signatures';

export function checkTransactions(ctx: Context): void {
  for (const tx of ctx.pkg.transactions) {
    const state: TxState = { tx };
    ctx.txs.set(tx.txId, state);
    checkTransaction(ctx, state);
  }
}

// eslint-disable-next-line complexity -- verifier check: one transaction (channel, ID, validation code, creator, endorsements, response)
function checkTransaction(ctx: Context, state: TxState): void {
  const { rec, pkg } = ctx;
  const { tx } = state;
  const where = { txId: tx.txId, blockNumber: tx.blockNumber };
  const label = `transaction ${short(tx.txId)} (block ${tx.blockNumber}, index ${tx.txIndex})`;

  const env = rec.guard('tx.located', where, () => {
    const block = ctx.blocks.get(BigInt(tx.blockNumber));
    if (!block) throw new DecodeError(`block ${tx.blockNumber} is not in the package or does not decode`);
    const raw = block.decoded.envelopes[tx.txIndex];
    if (!raw) throw new DecodeError(`block ${tx.blockNumber} has only ${block.decoded.envelopes.length} transaction(s), none at index ${tx.txIndex}`);
    const e = decodeEnvelope(raw, label);
    const ch = e.channelHeader;
    const problems: string[] = [];
    if (ch.txId !== tx.txId) problems.push(`the transaction at index ${tx.txIndex} of block ${tx.blockNumber} is ${ch.txId || '(none)'}`);
    if (ch.type !== common.HeaderType.ENDORSER_TRANSACTION) problems.push(`its type is ${ch.type}, not ENDORSER_TRANSACTION (3)`);
    if (ch.channelId !== pkg.channel) problems.push(`it is on channel ${JSON.stringify(ch.channelId)}, not ${pkg.channel}`);
    const computed = sha256Hex(e.nonce, e.creator);
    if (computed !== ch.txId) problems.push(`its ID is not SHA-256(nonce ‖ creator) (${short(computed)})`);
    if (problems.length) throw new DecodeError(`${label}: ${problems.join('; ')}`);
    return e;
  });
  if (!env) return;
  state.env = env;
  const at = Date.parse(env.channelHeader.timestamp);
  state.time = Number.isFinite(at) ? at : undefined;
  const action = (() => {
    try {
      return decodeEndorsedAction(env, label);
    } catch (e) {
      return e as Error;
    }
  })();
  const fn = action instanceof Error ? '' : action.function;
  rec.pass(
    'tx.located',
    `${label}: endorser transaction on channel ${pkg.channel}${fn ? `, ${fn}` : ''}, created ${env.channelHeader.timestamp}; ` +
      `its ID is SHA-256(nonce ‖ creator)`,
    where,
  );

  const block = ctx.blocks.get(BigInt(tx.blockNumber))!;
  const code = transactionFilter(block.decoded)[tx.txIndex];
  const codeName = code === undefined ? 'missing' : validationCodeName(code);
  if (code === 0 && tx.validationCode === 'VALID')
    rec.pass('tx.validation', `${label}: the block's validation flag is VALID (0), as the package states`, where);
  else
    rec.fail(
      'tx.validation',
      `${label}: the block's validation flag is ${codeName}${code === undefined ? '' : ` (${code})`}, the package states ${tx.validationCode}; only ` +
        `VALID transactions changed the ledger`,
      where,
    );

  const config = block.configNumber === undefined ? undefined : ctx.configs.get(block.configNumber)?.config;
  const msps = config?.msps;
  if (!config || !msps) {
    rec.fail('tx.creator', `${label}: no verified configuration to check the creator against (its block's configuration did not verify)`, where);
    return;
  }
  state.config = config;
  const creator = checkSigner(env.creator, [env.payload], env.signature, msps, state.time);
  if (creator.ok) {
    state.creator = creator.identity;
    rec.pass(
      'tx.creator',
      `${label}: signed by ${creator.who}; the signature over the payload verifies and the certificate chains to ${creator.identity.mspId}'s root`,
      where,
    );
  } else {
    rec.fail('tx.creator', `${label}: creator ${creator.who}: ${creator.reason}`, where);
  }

  state.fact = {
    txId: tx.txId,
    blockNumber: tx.blockNumber,
    txIndex: tx.txIndex,
    timestamp: env.channelHeader.timestamp,
    validationCode: codeName,
    function: fn,
    creator: state.creator ? identityFact(state.creator) : undefined,
    endorsers: [],
    endorsingOrgs: [],
    records: [],
  };
  ctx.facts.transactions.push(state.fact);

  if (action instanceof Error) {
    rec.fail('endorsement.binding', `${label}: ${action.message}`, where);
    return;
  }
  state.action = action;
  const binding: string[] = [];
  if (!Buffer.from(action.actionHeader).equals(Buffer.from(env.signatureHeaderBytes))) binding.push("the proposal's signature header is not the transaction's");
  const proposalHash = sha256(env.channelHeaderBytes, action.actionHeader, action.chaincodeProposalPayload);
  if (!proposalHash.equals(Buffer.from(action.proposalHash))) binding.push("the endorsed proposal hash is not the hash of this transaction's proposal");
  if (action.chaincodeName !== pkg.chaincode) binding.push(`the endorsed action is of chaincode ${JSON.stringify(action.chaincodeName)}, not ${pkg.chaincode}`);
  if (action.responseStatus < 200 || action.responseStatus >= 400) binding.push(`the chaincode answered status ${action.responseStatus}`);
  if (binding.length) rec.fail('endorsement.binding', `${label}: ${binding.join('; ')}`, where);
  else
    rec.pass(
      'endorsement.binding',
      `${label}: the endorsed response names this proposal (hash of its header and payload) and chaincode ${action.chaincodeName} version ` +
        `${action.chaincodeVersion}, status ${action.responseStatus}`,
      where,
    );

  const peers: Identity[] = [];
  action.endorsements.forEach((e, i) => {
    const r = checkSigner(e.endorser, [action.proposalResponsePayload, e.endorser], e.signature, msps, state.time);
    const what = `${label} endorsement #${i + 1} by ${r.who}`;
    if (!r.ok) return void rec.fail('endorsement.signature', `${what}: ${r.reason}`, where);
    if (!r.identity.roles.has('peer'))
      return void rec.fail('endorsement.signature', `${what}: signature verifies but the endorser is not a peer of ${r.identity.mspId}`, where);
    peers.push(r.identity);
    state.fact!.endorsers.push(identityFact(r.identity));
    rec.pass(
      'endorsement.signature',
      `${what}: signature over the response verifies; a peer of ${r.identity.mspId} whose certificate chains to its root`,
      where,
    );
  });
  if (action.endorsements.length === 0) rec.fail('endorsement.signature', `${label}: no endorsement`, where);
  const outcome = evaluatePolicyPath(config, ENDORSEMENT_POLICY, peers);
  state.fact.endorsingOrgs = [...new Set(peers.map((p) => p.mspId))];
  rec.add('endorsement.policy', outcome.ok, `${label}: ${outcome.detail}`, where);
}
