// Validity and completeness attested by the organisations. The peers'
// validation flags are signed by nobody, and a package could leave out a
// write; so the exporter asks each organisation's peer for an Evidence:Attest
// answer (every write of every subject key, and every key under the subject's
// key ranges), endorsed but never submitted. Each answer is a statement signed
// by that organisation. A MAJORITY of the channel's application organisations
// must attest, every attestation must agree with the package's statements, and
// the package must be complete as of its as-of block.
import { common } from '@hyperledger/fabric-protos';
import {
  arrearsEventsOfContractPrefix,
  canonicalJson,
  contractKey,
  contractVersionsPrefix,
  disputeKey,
  disputeTransitionsPrefix,
  lettersOfDisputePrefix,
  OBJECT_TYPES,
  riskWarningsPrefix,
  type KeyParts,
} from '../../chaincode/src/domain';
import type { EvidencePackage, Statement } from '../format';
import { compositeKey } from '../keys';
import { newestConfig, short, type Context } from './context';
import { DecodeError, decodeEndorsedAction, decodeEnvelope, fromBase64Strict } from './decode';
import { sha256, sha256Hex } from './hashes';
import { identityFact } from './msp';
import { checkSigner } from './signatures';

export const ATTEST_FUNCTION = 'Evidence:Attest';
export const ATTESTATION_FORMAT = 'notary-attestation/1';
/**
 * An attestation vouches for the histories at its (endorsed) time, not at a
 * block: it must not be older than the as-of block's transactions by more than
 * this. Both times are endorsed within each org's tolerance (5 minutes by
 * default), so two tolerances.
 */
export const ATTESTATION_SLACK_MS = 10 * 60_000;

const printable = (k: string) => JSON.stringify(k).replace(/\\u0000/g, '␀');

interface AttestedKey {
  key: string;
  writes: { txId: string; isDelete: boolean }[];
  valueSha256: string | null;
}
interface AttestedContent {
  keys: AttestedKey[];
  prefixes: { prefix: string; keys: string[] }[];
}

// eslint-disable-next-line complexity -- parses the attested content an untrusted peer returned: one refusal per field of its shape
function parseContent(bytes: Uint8Array): AttestedContent {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new DecodeError('its answer is not JSON');
  }
  const o = v as Partial<AttestedContent> & { format?: unknown };
  if (o?.format !== ATTESTATION_FORMAT || !Array.isArray(o.keys) || !Array.isArray(o.prefixes))
    throw new DecodeError(`its answer is not a ${ATTESTATION_FORMAT}`);
  for (const k of o.keys) {
    if (typeof k?.key !== 'string' || !Array.isArray(k.writes) || k.writes.some((w) => typeof w?.txId !== 'string' || typeof w.isDelete !== 'boolean'))
      throw new DecodeError('its answer has a malformed key entry');
  }
  for (const p of o.prefixes)
    if (typeof p?.prefix !== 'string' || !Array.isArray(p.keys) || p.keys.some((k) => typeof k !== 'string'))
      throw new DecodeError('its answer has a malformed prefix entry');
  return { keys: o.keys, prefixes: o.prefixes };
}

const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined);

/** The key ranges a complete package of the subject must account for, and its single keys (composite key strings). */
export function requiredCoverage(kind: EvidencePackage['kind'], subject: string, statements: Statement[]): { prefixes: string[]; keys: string[] } {
  if (kind === 'contract') return { keys: [compositeKey(contractKey(subject))], prefixes: [compositeKey(contractVersionsPrefix(subject))] };
  const dispute = statements.find((s) => s.recordType === 'dispute' && s.recordId === subject)?.value;
  const contractId = field(dispute, 'contractId');
  const projectId = field(dispute, 'projectId');
  const keys: KeyParts[] = [disputeKey(subject)];
  const prefixes: KeyParts[] = [disputeTransitionsPrefix(subject), lettersOfDisputePrefix(subject), [OBJECT_TYPES.receipt, subject]];
  if (typeof contractId === 'string') {
    keys.push(contractKey(contractId));
    prefixes.push(contractVersionsPrefix(contractId), arrearsEventsOfContractPrefix(contractId));
  }
  if (typeof projectId === 'string') prefixes.push(riskWarningsPrefix(projectId));
  return { keys: keys.map(compositeKey), prefixes: prefixes.map(compositeKey) };
}

/** The newest statement of each key (by block and position; the first of equal positions), in one pass over the statements. */
function latestStatements(ctx: Context): Map<string, unknown> {
  const best = new Map<string, { order: [bigint, number]; value: unknown }>();
  for (const s of ctx.pkg.statements) {
    const t = ctx.txs.get(s.txId)?.tx;
    if (!t) continue;
    const order: [bigint, number] = [BigInt(t.blockNumber), t.txIndex];
    const b = best.get(s.key);
    if (!b || order[0] > b.order[0] || (order[0] === b.order[0] && order[1] > b.order[1])) best.set(s.key, { order, value: s.value });
  }
  return new Map([...best].map(([k, b]) => [k, b.value]));
}

/** SHA-256 of the canonical JSON of a key's newest statement value; undefined when it has none or it is not JSON. */
function latestStatement(latest: Map<string, unknown>, key: string): string | undefined {
  if (!latest.has(key)) return undefined;
  try {
    return sha256Hex(Buffer.from(canonicalJson(latest.get(key)), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Where the attested histories disagree with the statements' writes and the subject's required keys and ranges; empty when they agree. */
// eslint-disable-next-line complexity -- one pass over the statement keys, then the required keys and ranges, each with its own message
function historyDisagreements(
  statements: Statement[],
  content: AttestedContent,
  required: { prefixes: string[]; keys: string[] },
): { problems: string[]; sameHistory: Map<string, AttestedKey> } {
  const problems: string[] = [];
  const sameHistory = new Map<string, AttestedKey>();
  const attested = new Map(content.keys.map((k) => [k.key, k]));
  const statementTxs = new Map<string, Set<string>>();
  for (const s of statements) statementTxs.set(s.key, (statementTxs.get(s.key) ?? new Set()).add(s.txId));
  for (const [key, txs] of statementTxs) {
    const a = attested.get(key);
    if (!a) {
      problems.push(`key ${printable(key)} is not attested`);
      continue;
    }
    const writes = a.writes.filter((w) => !w.isDelete).map((w) => w.txId);
    const written = new Set(writes);
    const missing = writes.filter((t) => !txs.has(t));
    const extra = [...txs].filter((t) => !written.has(t));
    if (a.writes.some((w) => w.isDelete))
      problems.push(`key ${printable(key)} was deleted by ${short(a.writes.find((w) => w.isDelete)!.txId)}, which the package does not show`);
    if (missing.length) problems.push(`key ${printable(key)} was also written by ${missing.map(short).join(', ')}, which the package leaves out`);
    if (extra.length)
      problems.push(
        `the package's write(s) ${extra.map(short).join(', ')} of key ${printable(key)} are not in the ledger's history of that key (not VALID, or ` +
          `not of this ledger)`,
      );
    if (!missing.length && !extra.length) sameHistory.set(key, a);
  }
  for (const key of required.keys) if (!statementTxs.has(key)) problems.push(`the subject key ${printable(key)} has no statement`);
  const ranges = new Map(content.prefixes.map((p) => [p.prefix, p.keys]));
  for (const prefix of required.prefixes) {
    const keys = ranges.get(prefix);
    if (!keys) {
      problems.push(`the key range ${printable(prefix)} is not attested`);
      continue;
    }
    const left = keys.filter((k) => !statementTxs.has(k));
    if (left.length) problems.push(`${left.length} key(s) under ${printable(prefix)} have no statement in the package, first ${printable(left[0]!)}`);
  }
  return { problems, sameHistory };
}

/** historyDisagreements, and each agreeing key's attested current value must be the package's latest write of it. */
function disagreements(ctx: Context, content: AttestedContent, required: { prefixes: string[]; keys: string[] }): string[] {
  const { problems, sameHistory } = historyDisagreements(ctx.pkg.statements, content, required);
  const latestOf = latestStatements(ctx);
  for (const [key, a] of sameHistory) {
    const latest = latestStatement(latestOf, key);
    if (latest && a.valueSha256 !== latest) problems.push(`the current value of ${printable(key)} is not the package's latest write of it`);
  }
  return problems;
}

/**
 * For the exporter: whether an attestation's answer agrees with the
 * statements and covers the subject's keys and ranges, as the verifier will
 * require (a peer that lags, or a write that landed meanwhile, disagrees).
 */
export function attestationAgrees(envelope: Uint8Array, kind: EvidencePackage['kind'], subject: string, statements: Statement[]): boolean {
  try {
    const content = parseContent(decodeEndorsedAction(decodeEnvelope(envelope, 'attestation'), 'attestation').responsePayload);
    return historyDisagreements(statements, content, requiredCoverage(kind, subject, statements)).problems.length === 0;
  } catch {
    return false;
  }
}

// eslint-disable-next-line complexity -- verifier check: the attestations as a whole (majority, as-of block, completeness), each reported
export function checkAttestations(ctx: Context): void {
  const { pkg, rec, facts } = ctx;
  const newest = newestConfig(ctx);
  const asOf = pkg.asOf.blockNumber;
  facts.asOf = { blockNumber: asOf, attestingOrgs: [] };
  if (!newest) return void rec.fail('attestation.quorum', 'no verified configuration to check the attestations against');

  // The as-of block: in the package, verified, the newest of it, cut under the newest configuration.
  const asOfBlock = /^(?:0|[1-9]\d*)$/.test(asOf) ? ctx.blocks.get(BigInt(asOf)) : undefined;
  const newestPackaged = [...ctx.blocks.keys(), ...ctx.configs.keys()].reduce((a, b) => (b > a ? b : a), 0n);
  if (!asOfBlock?.trusted) rec.fail('completeness', `the as-of block ${asOf} is not a verified block of the package`, { blockNumber: asOf });
  else if (BigInt(asOf) < newestPackaged)
    rec.fail('completeness', `the as-of block ${asOf} is older than block ${newestPackaged} of the package`, { blockNumber: asOf });
  else if (asOfBlock.configNumber !== newest.number)
    rec.fail(
      'completeness',
      `the as-of block ${asOf} was cut under configuration block ${asOfBlock.configNumber}, not the package's newest (${newest.number})`,
      { blockNumber: asOf },
    );

  // The newest transaction time of the as-of block: attestations older than it (beyond the slack) do not cover it.
  let asOfTime: number | undefined;
  for (const raw of asOfBlock?.decoded.envelopes ?? []) {
    try {
      const at = Date.parse(decodeEnvelope(raw, 'as-of transaction').channelHeader.timestamp);
      if (Number.isFinite(at) && (asOfTime === undefined || at > asOfTime)) asOfTime = at;
    } catch {
      // an envelope that does not decode has no time to compare
    }
  }
  const required = requiredCoverage(pkg.kind, pkg.subject, pkg.statements);
  const agreeing = new Map<string, { time: string }>();
  const times: string[] = [];
  for (const [i, a] of pkg.attestations.entries()) {
    const label = `attestation #${i + 1} (${a.mspId})`;
    // eslint-disable-next-line complexity -- verifier check: one attestation's signature, function, peer, time and agreement, each failing alone
    rec.guard('attestation.signature', {}, () => {
      const env = decodeEnvelope(fromBase64Strict(a.envelope, `attestations[${i}].envelope`), label);
      const ch = env.channelHeader;
      const action = decodeEndorsedAction(env, label);
      const problems: string[] = [];
      if (ch.type !== common.HeaderType.ENDORSER_TRANSACTION) problems.push(`type ${ch.type}, not an endorser proposal`);
      if (ch.channelId !== pkg.channel) problems.push(`channel ${JSON.stringify(ch.channelId)}`);
      if (sha256Hex(env.nonce, env.creator) !== ch.txId) problems.push('its ID is not SHA-256(nonce ‖ creator)');
      if (!Buffer.from(action.actionHeader).equals(Buffer.from(env.signatureHeaderBytes)))
        problems.push("the proposal's signature header is not the envelope's");
      if (!sha256(env.channelHeaderBytes, action.actionHeader, action.chaincodeProposalPayload).equals(Buffer.from(action.proposalHash)))
        problems.push('the endorsed proposal hash is not the hash of this proposal');
      if (action.chaincodeName !== pkg.chaincode) problems.push(`chaincode ${JSON.stringify(action.chaincodeName)}, not ${pkg.chaincode}`);
      if (action.function !== ATTEST_FUNCTION) problems.push(`function ${JSON.stringify(action.function)}, not ${ATTEST_FUNCTION}`);
      if (action.responseStatus !== 200) problems.push(`status ${action.responseStatus}`);
      if ([...action.writes.values()].some((w) => w.length > 0)) problems.push('it writes to the ledger; an attestation is read-only');
      const at = Date.parse(ch.timestamp);
      const peers = action.endorsements.map((e) =>
        checkSigner(e.endorser, [action.proposalResponsePayload, e.endorser], e.signature, newest.config.msps, Number.isFinite(at) ? at : undefined),
      );
      const valid = peers.filter((p) => p.ok && p.identity.roles.has('peer') && p.identity.mspId === a.mspId);
      if (valid.length === 0)
        problems.push(
          `no valid signature by a peer of ${a.mspId} ` +
            `(${peers.map((p) => (p.ok ? `${p.who}: not a peer of ${a.mspId}` : `${p.who}: ${p.reason}`)).join('; ') || 'no endorsement'})`,
        );
      if (problems.length) throw new DecodeError(`${label}: ${problems.join('; ')}`);
      const signer = valid[0]!.identity!;
      rec.pass(
        'attestation.signature',
        `${label}: ${ATTEST_FUNCTION} at ${ch.timestamp}, signed by ${identityFact(signer).commonName}, a peer of ${a.mspId} whose certificate chains ` +
          `to its root in configuration block ${newest.number}`,
      );
      if (asOfTime !== undefined && (!Number.isFinite(at) || at < asOfTime - ATTESTATION_SLACK_MS)) {
        rec.fail(
          'completeness',
          `${label} was made at ${ch.timestamp}, more than ${ATTESTATION_SLACK_MS / 60_000} minutes before the as-of block ${asOf}'s transactions ` +
            `(${new Date(asOfTime).toISOString()}): it does not vouch for the package as of that block`,
        );
        return;
      }
      const content = parseContent(action.responsePayload);
      const problemsWithPackage = disagreements(ctx, content, required);
      if (problemsWithPackage.length) {
        rec.fail(
          'completeness',
          `${label} disagrees with the package: ` +
            `${problemsWithPackage.slice(0, 3).join('; ')}${problemsWithPackage.length > 3 ? ` (and ${problemsWithPackage.length - 3} more)` : ''}`,
        );
      } else if (!agreeing.has(a.mspId)) {
        agreeing.set(a.mspId, { time: ch.timestamp });
        times.push(ch.timestamp);
      }
    });
  }
  const orgs = [...(newest.config.root.groups.get('Application')?.groups.values() ?? [])].map((g) => g.mspId ?? g.name);
  const needed = Math.floor(orgs.length / 2) + 1;
  const attesting = orgs.filter((o) => agreeing.has(o));
  facts.asOf = { blockNumber: asOf, attestingOrgs: attesting, ...(times.length ? { attestedAt: times.sort()[0] } : {}) };
  const quorum = rec.add(
    'attestation.quorum',
    attesting.length >= needed,
    `${attesting.length} of the ${orgs.length} application organisations (${orgs.join(', ')}) attested a history that agrees with the package; a ` +
      `majority needs ${needed}${attesting.length ? ` (attested by ${attesting.join(', ')})` : ''}`,
  );
  if (quorum && !rec.hasFailed('completeness')) {
    rec.pass(
      'completeness',
      `complete as of block ${asOf}: every write of every subject key, and every key under the subject's key ranges (${required.prefixes.length}), is ` +
        `in the package and nothing else, as ${attesting.join(', ')} attested at ${facts.asOf.attestedAt}`,
      { blockNumber: asOf },
    );
  }
}
