// Check 7: each statement names the world-state key its record type and ID
// lead to, belongs to the package's subject, and its value's canonical JSON
// is exactly what its transaction wrote under that key.
import {
  arrearsEventKey,
  canonicalJson,
  contractKey,
  contractVersionKey,
  disputeKey,
  disputeTransitionKey,
  documentAnchorKey,
  letterKey,
  receiptKey,
  riskWarningKey,
  parseContractVersionRecordId,
  parseDisputeTransitionRecordId,
  parseDocumentAnchorRecordId,
  parseLetterRecordId,
  parseReceiptRecordId,
  parseRiskWarningRecordId,
} from '../../chaincode/src/domain';
import type { Statement } from '../format';
import { compositeKey } from '../keys';
import { short, type Context } from './context';

const printable = (k: string) => JSON.stringify(k).replace(/\\u0000/g, '␀');

export interface RecordRef {
  recordType: string;
  /** The dispute, contract or project the record belongs to. */
  disputeId?: string;
  contractId?: string;
  projectId?: string;
  key: string;
  /** For documentAnchor: the anchored document and record. */
  anchor?: { sha256: string; recordType: string; recordId: string };
}

const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined);

/** The record's key from its type and ID (and, for arrears events, its value), or why it has none. */
// eslint-disable-next-line complexity -- record key per record type (the record-ID formats of the domain), one case each
export function recordKey(recordType: string, recordId: string, value?: unknown): RecordRef | string {
  try {
    switch (recordType) {
      case 'contract':
        return { recordType, contractId: recordId, key: compositeKey(contractKey(recordId)) };
      case 'contractVersion': {
        const p = parseContractVersionRecordId(recordId);
        if (!p) return `contractVersion ID ${JSON.stringify(recordId)} is not <contractId>@<version>`;
        return { recordType, contractId: p.contractId, key: compositeKey(contractVersionKey(p.contractId, p.version)) };
      }
      case 'dispute':
        return { recordType, disputeId: recordId, key: compositeKey(disputeKey(recordId)) };
      case 'disputeTransition': {
        const p = parseDisputeTransitionRecordId(recordId);
        if (!p) return `disputeTransition ID ${JSON.stringify(recordId)} is not <disputeId>#<seq>`;
        return { recordType, disputeId: p.disputeId, key: compositeKey(disputeTransitionKey(p.disputeId, p.seq)) };
      }
      case 'letter': {
        const p = parseLetterRecordId(recordId);
        if (!p) return `letter ID ${JSON.stringify(recordId)} is not <disputeId>/<letterId>`;
        return { recordType, disputeId: p.disputeId, key: compositeKey(letterKey(p.disputeId, p.letterId)) };
      }
      case 'receipt': {
        const p = parseReceiptRecordId(recordId);
        if (!p) return `receipt ID ${JSON.stringify(recordId)} is not <disputeId>/<letterId>/<receiptId>`;
        return { recordType, disputeId: p.disputeId, key: compositeKey(receiptKey(p.disputeId, p.letterId, p.receiptId)) };
      }
      case 'arrearsEvent': {
        // The key holds the contract and period, which the event's value names.
        const [contractId, period, eventId] = ['contractId', 'period', 'eventId'].map((f) => field(value, f));
        if (typeof contractId !== 'string' || typeof period !== 'string' || eventId !== recordId) {
          return `arrears event ${JSON.stringify(recordId)}: its value must name the contractId, period and this eventId`;
        }
        return { recordType, contractId, key: compositeKey(arrearsEventKey(contractId, period, recordId)) };
      }
      case 'riskWarning': {
        const p = parseRiskWarningRecordId(recordId);
        if (!p) return `riskWarning ID ${JSON.stringify(recordId)} is not <projectId>/<txId>`;
        return { recordType, projectId: p.projectId, key: compositeKey(riskWarningKey(p.projectId, p.txId)) };
      }
      case 'documentAnchor': {
        const anchor = parseDocumentAnchorRecordId(recordId);
        if (!anchor) return `documentAnchor ID ${JSON.stringify(recordId)} is not <sha256>:<recordType>:<recordId>`;
        return { recordType, key: compositeKey(documentAnchorKey(anchor.sha256, anchor.recordType, anchor.recordId)), anchor };
      }
      default:
        return `unknown record type ${JSON.stringify(recordType)}`;
    }
  } catch (e) {
    return `record ID ${JSON.stringify(recordId)} makes no key: ${(e as Error).message}`;
  }
}

/** The one value of `name` the subject dispute's statements give (its contract, its project). */
function ofDispute(ctx: Context, name: string): string | undefined {
  const ids = new Set(ctx.pkg.statements.filter((s) => s.recordType === 'dispute' && s.recordId === ctx.pkg.subject).map((s) => field(s.value, name)));
  const [only] = [...ids];
  return ids.size === 1 && typeof only === 'string' ? only : undefined;
}

// eslint-disable-next-line complexity -- whether a statement belongs to the package's subject: one case per subject kind and record type
function subjectProblem(ctx: Context, s: Statement, ref: RecordRef, dispute: { contractId?: string; projectId?: string }): string {
  const { kind, subject } = ctx.pkg;
  const txId = field(s.value, 'txId');
  // Records that carry their writing transaction must name this statement's.
  if (txId !== undefined && txId !== s.txId) return `its value names transaction ${JSON.stringify(txId)}, the statement ${short(s.txId)}`;
  if (ref.recordType === 'documentAnchor') return '';
  if (kind === 'contract') {
    return ref.contractId === subject ? '' : `a ${s.recordType} statement of ${JSON.stringify(s.recordId)} in the package of contract ${subject}`;
  }
  if (ref.disputeId !== undefined)
    return ref.disputeId === subject ? '' : `a ${s.recordType} statement of dispute ${JSON.stringify(ref.disputeId)} in the package of dispute ${subject}`;
  if (ref.projectId !== undefined) {
    if (dispute.projectId === undefined) return `dispute ${subject}'s project is not established by its dispute statements`;
    return ref.projectId === dispute.projectId ? '' : `project ${JSON.stringify(ref.projectId)} is not dispute ${subject}'s project ${dispute.projectId}`;
  }
  if (dispute.contractId === undefined) return `dispute ${subject}'s contract is not established by its dispute statements`;
  return ref.contractId === dispute.contractId ? '' : `contract ${JSON.stringify(ref.contractId)} is not dispute ${subject}'s contract ${dispute.contractId}`;
}

export function checkStatements(ctx: Context): void {
  const { rec, pkg } = ctx;
  const dispute = pkg.kind === 'dispute' ? { contractId: ofDispute(ctx, 'contractId'), projectId: ofDispute(ctx, 'projectId') } : {};
  const main = pkg.kind === 'dispute' ? 'dispute' : 'contract';
  if (!pkg.statements.some((s) => s.recordType === main && s.recordId === pkg.subject)) {
    rec.fail('statement.key', `no ${main} statement of the subject ${pkg.subject}`);
  }
  for (const [i, s] of pkg.statements.entries()) {
    const where = { txId: s.txId, blockNumber: ctx.txs.get(s.txId)?.tx.blockNumber };
    const label = `statement #${i + 1} (${s.recordType} ${s.recordId})`;
    const ref = recordKey(s.recordType, s.recordId, s.value);
    if (typeof ref === 'string') rec.fail('statement.key', `${label}: ${ref}`, where);
    else if (ref.key !== s.key) rec.fail('statement.key', `${label}: key ${printable(s.key)} is not the record's key ${printable(ref.key)}`, where);
    else {
      const problem = subjectProblem(ctx, s, ref, dispute);
      if (problem) rec.fail('statement.key', `${label}: ${problem}`, where);
      else rec.pass('statement.key', `${label}: key ${printable(s.key)}`, where);
    }
    checkWrite(ctx, s, label, where);
  }
}

// eslint-disable-next-line complexity -- verifier check: a statement's write (key, value bytes, transaction, deletion), each with its message
function checkWrite(ctx: Context, s: Statement, label: string, where: { txId: string; blockNumber?: string }): void {
  const { rec, pkg } = ctx;
  const state = ctx.txs.get(s.txId);
  if (!state) return void rec.fail('statement.write', `${label}: its transaction ${short(s.txId)} is not among the package's transactions`, where);
  if (!state.action) return void rec.fail('statement.write', `${label}: its transaction ${short(s.txId)} could not be read`, where);
  let expected: Buffer;
  try {
    expected = Buffer.from(canonicalJson(s.value), 'utf8');
  } catch (e) {
    return void rec.fail('statement.write', `${label}: its value has no canonical JSON: ${(e as Error).message}`, where);
  }
  const writes = state.action.writes.get(pkg.chaincode) ?? [];
  const w = writes.find((x) => x.key === s.key);
  if (!w)
    return void rec.fail(
      'statement.write',
      `${label}: transaction ${short(s.txId)} wrote no key ${printable(s.key)} of chaincode ${pkg.chaincode} (it wrote ${writes.length} key(s))`,
      where,
    );
  if (w.isDelete) return void rec.fail('statement.write', `${label}: transaction ${short(s.txId)} deleted ${printable(s.key)}`, where);
  if (!Buffer.from(w.value).equals(expected)) {
    const got = Buffer.from(w.value);
    let at = 0;
    while (at < got.length && at < expected.length && got[at] === expected[at]) at++;
    return void rec.fail(
      'statement.write',
      `${label}: the ledger holds ${got.length} bytes under ${printable(s.key)}, the statement's canonical JSON has ${expected.length}; they differ ` +
        `from byte ${at} ` +
        `(ledger …${JSON.stringify(got.subarray(at, at + 24).toString('utf8'))}, ` +
        `statement …${JSON.stringify(expected.subarray(at, at + 24).toString('utf8'))})`,
      where,
    );
  }
  state.fact?.records.push(`${s.recordType} ${s.recordId}`);
  rec.pass('statement.write', `${label}: transaction ${short(s.txId)} wrote exactly these ${expected.length} bytes under ${printable(s.key)}`, where);
}
