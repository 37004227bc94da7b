// Check 7, continued: the `records` section (what a reader sees) agrees with
// the verified statements, entry by entry; and the document index agrees with
// the documentAnchor statements and the records they anchor.
import {
  canonicalJson,
  contractVersionRecordId,
  disputeTransitionRecordId,
  documentAnchorRecordId,
  letterRecordId,
  receiptRecordId,
  riskWarningRecordId,
} from '../../chaincode/src/domain';
import type { Statement } from '../format';
import { short, type Context } from './context';
import { recordKey } from './statements';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
};

class Problems extends Error {}

/** One string per (record type, record ID): JSON of the pair, so no separator can be forged. */
const recordIndexKey = (recordType: string, recordId: string) => JSON.stringify([recordType, recordId]);

/** Compares the records section with the statements; throws Problems at the first disagreement. */
class RecordsComparer {
  compared = 0;
  private readonly used = new Set<Statement>();
  /** The statements by record type and ID, in package order: each entry is matched in time linear in its candidates. */
  private readonly byRecord = new Map<string, Statement[]>();
  /** How many statements of each record type. */
  private readonly typeCounts = new Map<string, number>();

  constructor(private readonly ctx: Context) {
    for (const s of ctx.pkg.statements) {
      const k = recordIndexKey(s.recordType, s.recordId);
      const list = this.byRecord.get(k);
      if (list) list.push(s);
      else this.byRecord.set(k, [s]);
      this.typeCounts.set(s.recordType, (this.typeCounts.get(s.recordType) ?? 0) + 1);
    }
  }

  /** The number of statements of a record type (of one record ID when given). */
  count(recordType: string, recordId?: string): number {
    return recordId === undefined ? (this.typeCounts.get(recordType) ?? 0) : (this.byRecord.get(recordIndexKey(recordType, recordId))?.length ?? 0);
  }

  private fail(path: string, message: string): never {
    throw new Problems(`${path}: ${message}`);
  }

  private keys(o: unknown, path: string, allowed: string[], required = allowed): Obj {
    if (!isObj(o)) this.fail(path, 'is not an object');
    const extra = Object.keys(o).filter((k) => !allowed.includes(k));
    if (extra.length) this.fail(path, `has field(s) no statement backs: ${extra.join(', ')}`);
    const missing = required.filter((k) => !(k in o));
    if (missing.length) this.fail(path, `lacks ${missing.join(', ')}`);
    return o;
  }

  private array(o: unknown, path: string): unknown[] {
    if (!Array.isArray(o)) this.fail(path, 'is not an array');
    return o;
  }

  /** The one statement of this type, ID (and transaction) with an equal value. */
  private match(path: string, value: unknown, recordType: string, recordId: string, txId?: string): Statement {
    const candidates = (this.byRecord.get(recordIndexKey(recordType, recordId)) ?? []).filter((s) => txId === undefined || s.txId === txId);
    if (candidates.length === 0) this.fail(path, `no ${recordType} statement of ${recordId}${txId ? ` in transaction ${short(txId)}` : ''}`);
    const s = candidates.find((c) => same(c.value, value));
    if (!s) this.fail(path, `differs from the ${recordType} statement of ${recordId}${txId ? ` in transaction ${short(txId)}` : ''}`);
    this.used.add(s);
    this.compared++;
    return s;
  }

  /** A key's history: { <current>, <versions>, writes, txId } against the statements of its record types. */
  history(h: unknown, path: string, current: 'dispute' | 'contract', id: string, versions: 'transitions' | 'versions'): void {
    const o = this.keys(h, path, [current, versions, 'writes', 'txId'], [current, versions, 'writes']);
    const writes = this.array(o.writes, `${path}.writes`);
    let latest: { value: unknown; order: [bigint, number] } | undefined;
    // eslint-disable-next-line complexity -- a record entry's writes against their statements (value, transaction, time, deletion)
    writes.forEach((w, i) => {
      const p = `${path}.writes[${i}]`;
      const x = this.keys(w, p, ['isDelete', 'time', 'txId', 'value']);
      if (x.isDelete !== false) this.fail(p, 'is a deletion, which no statement backs');
      if (typeof x.txId !== 'string') this.fail(p, 'has no transaction ID');
      this.match(`${p}.value`, x.value, current, id, x.txId);
      const state = this.ctx.txs.get(x.txId);
      if (state?.env && x.time !== state.env.channelHeader.timestamp)
        this.fail(`${p}.time`, `${JSON.stringify(x.time)} is not the time of transaction ${short(x.txId)} (${state.env.channelHeader.timestamp})`);
      if (state) {
        const order: [bigint, number] = [BigInt(state.tx.blockNumber), state.tx.txIndex];
        if (!latest || order[0] > latest.order[0] || (order[0] === latest.order[0] && order[1] > latest.order[1])) latest = { value: x.value, order };
      }
    });
    const expectedWrites = this.count(current, id);
    if (writes.length !== expectedWrites)
      this.fail(`${path}.writes`, `lists ${writes.length} writes, the package has ${expectedWrites} ${current} statements of ${id}`);
    if (!latest) this.fail(`${path}.${current}`, 'has no write to be the current state of');
    if (!same(o[current], latest.value)) this.fail(`${path}.${current}`, `is not the value of the latest write of ${id}`);
    this.compared++;

    const versionType = current === 'dispute' ? 'disputeTransition' : 'contractVersion';
    const list = this.array(o[versions], `${path}.${versions}`);
    list.forEach((v, i) => {
      const p = `${path}.${versions}[${i}]`;
      const seq = isObj(v) ? (current === 'dispute' ? v.seq : v.version) : undefined;
      if (typeof seq !== 'number') this.fail(p, `has no ${current === 'dispute' ? 'seq' : 'version'}`);
      this.match(p, v, versionType, current === 'dispute' ? disputeTransitionRecordId(id, seq) : contractVersionRecordId(id, seq));
    });
    const expectedVersions = this.count(versionType);
    if (list.length !== expectedVersions)
      this.fail(`${path}.${versions}`, `lists ${list.length} entries, the package has ${expectedVersions} ${versionType} statements`);
  }

  letters(l: unknown, path: string, disputeId: string): void {
    const list = this.array(l, path);
    let receipts = 0;
    list.forEach((entry, i) => {
      const p = `${path}[${i}]`;
      const o = this.keys(entry, p, ['letter', 'receipts']);
      const letterId = isObj(o.letter) ? o.letter.letterId : undefined;
      if (typeof letterId !== 'string') this.fail(`${p}.letter`, 'has no letterId');
      this.match(`${p}.letter`, o.letter, 'letter', letterRecordId(disputeId, letterId));
      this.array(o.receipts, `${p}.receipts`).forEach((r, j) => {
        const receiptId = isObj(r) ? r.receiptId : undefined;
        if (typeof receiptId !== 'string') this.fail(`${p}.receipts[${j}]`, 'has no receiptId');
        this.match(`${p}.receipts[${j}]`, r, 'receipt', receiptRecordId(disputeId, letterId, receiptId));
        receipts++;
      });
    });
    const count = (t: string) => this.count(t);
    if (list.length !== count('letter')) this.fail(path, `lists ${list.length} letters, the package has ${count('letter')} letter statements`);
    if (receipts !== count('receipt')) this.fail(path, `lists ${receipts} receipts, the package has ${count('receipt')} receipt statements`);
  }

  /** Arrears events, each against its arrearsEvent statement: an entry no statement backs is refused, never shown. */
  arrears(a: unknown, path: string): void {
    const list = this.array(a, path);
    let backed = 0;
    list.forEach((e, i) => {
      const p = `${path}[${i}]`;
      const eventId = isObj(e) ? e.eventId : undefined;
      if (typeof eventId !== 'string') this.fail(p, 'has no eventId');
      const txId = isObj(e) ? e.txId : undefined;
      if (typeof txId !== 'string') this.fail(`${p}.txId`, 'names no transaction: no statement backs this entry');
      this.match(p, e, 'arrearsEvent', eventId, txId);
      backed++;
    });
    const count = this.count('arrearsEvent');
    if (backed !== count) this.fail(path, `lists ${backed} arrears events with a transaction, the package has ${count} arrearsEvent statements`);
  }

  riskWarnings(w: unknown, path: string, projectId: string): void {
    const list = this.array(w, path);
    list.forEach((x, i) => {
      const txId = isObj(x) ? x.txId : undefined;
      if (typeof txId !== 'string') this.fail(`${path}[${i}]`, 'has no txId');
      this.match(`${path}[${i}]`, x, 'riskWarning', riskWarningRecordId(projectId, txId), txId);
    });
    const count = this.count('riskWarning');
    if (list.length !== count) this.fail(path, `lists ${list.length} risk warnings, the package has ${count} riskWarning statements`);
  }

  /** Statements (other than document anchors) that no record entry shows. */
  unshown(): Statement[] {
    return this.ctx.pkg.statements.filter((s) => s.recordType !== 'documentAnchor' && !this.used.has(s));
  }
}

// eslint-disable-next-line complexity -- verifier check: the package's records against its verified statements, one condition per way they can differ
export function checkRecords(ctx: Context): void {
  const { pkg, rec } = ctx;
  const c = new RecordsComparer(ctx);
  try {
    const r = pkg.records as Obj;
    if (pkg.kind === 'dispute') {
      const top = ['dispute', 'contract', 'letters'];
      const optional = ['arrears', 'riskWarnings'];
      const extra = Object.keys(r).filter((k) => !top.includes(k) && !optional.includes(k));
      if (extra.length || !top.every((k) => k in r))
        throw new Problems(`records: has the sections ${Object.keys(r).join(', ')}, expected ${top.join(', ')} (and optionally ${optional.join(', ')})`);
      c.history(r.dispute, 'records.dispute', 'dispute', pkg.subject, 'transitions');
      const current = isObj(r.dispute) && isObj(r.dispute.dispute) ? r.dispute.dispute : {};
      if (typeof current.contractId !== 'string') throw new Problems('records.dispute.dispute: has no contractId');
      c.history(r.contract, 'records.contract', 'contract', current.contractId, 'versions');
      c.letters(r.letters, 'records.letters', pkg.subject);
      if ('arrears' in r) c.arrears(r.arrears, 'records.arrears');
      else if (pkg.statements.some((s) => s.recordType === 'arrearsEvent'))
        throw new Problems('records: has no arrears section for its arrearsEvent statements');
      if ('riskWarnings' in r) {
        if (typeof current.projectId !== 'string') throw new Problems('records.dispute.dispute: has no projectId');
        c.riskWarnings(r.riskWarnings, 'records.riskWarnings', current.projectId);
      } else if (pkg.statements.some((s) => s.recordType === 'riskWarning'))
        throw new Problems('records: has no riskWarnings section for its riskWarning statements');
    } else {
      if (Object.keys(r).join() !== 'contract') throw new Problems(`records: has the sections ${Object.keys(r).join(', ')}, expected contract`);
      c.history(r.contract, 'records.contract', 'contract', pkg.subject, 'versions');
    }
    const left = c.unshown();
    if (left.length)
      throw new Problems(`the ${left[0]!.recordType} statement of ${left[0]!.recordId} (transaction ${short(left[0]!.txId)}) appears nowhere in records`);
    rec.pass(
      'records.consistent',
      `${c.compared} record entries equal their verified statements (values, transactions, write times); the records' own "txId" fields name the ` +
        `query that read them and are not on the ledger`,
    );
  } catch (e) {
    if (!(e instanceof Problems)) throw e;
    rec.fail('records.consistent', e.message);
  }
}

/** Hashes a statement value names as documents. */
function documentHashesOf(s: Statement): string[] {
  const v = s.value as Obj | null;
  if (!isObj(v)) return [];
  const out: unknown[] = [];
  if (s.recordType === 'contract' || s.recordType === 'contractVersion') out.push(v.documentSha256);
  if (s.recordType === 'letter') out.push(v.contentSha256);
  if (s.recordType === 'receipt') out.push(v.evidenceSha256);
  if (s.recordType === 'disputeTransition' && Array.isArray(v.documentHashes)) out.push(...v.documentHashes);
  return out.filter((x): x is string => typeof x === 'string');
}

// eslint-disable-next-line complexity -- verifier check: each document anchor backed by a documentAnchor statement of its anchoring transaction
export function checkDocumentIndex(ctx: Context): void {
  const { pkg, rec } = ctx;
  const problems: string[] = [];
  const anchors = pkg.statements.filter((s) => s.recordType === 'documentAnchor');
  // The first anchor of each record ID, and the first statement of each (type, ID): one lookup per document.
  const anchorById = new Map<string, Statement>();
  for (const a of anchors) if (!anchorById.has(a.recordId)) anchorById.set(a.recordId, a);
  const firstOfRecord = new Map<string, Statement>();
  for (const x of pkg.statements)
    if (!firstOfRecord.has(recordIndexKey(x.recordType, x.recordId))) firstOfRecord.set(recordIndexKey(x.recordType, x.recordId), x);
  const listed = new Set<Statement>();
  for (const [i, d] of pkg.documents.entries()) {
    const s = anchorById.get(documentAnchorRecordId(d.sha256, d.recordType, d.recordId));
    if (!s) {
      problems.push(`documents[${i}] (${short(d.sha256)} for ${d.recordType} ${d.recordId}) has no documentAnchor statement`);
      continue;
    }
    listed.add(s);
    const v = s.value as Obj | null;
    if (s.txId !== d.txId) problems.push(`documents[${i}] names transaction ${short(d.txId)}, its anchor statement ${short(s.txId)}`);
    if (!isObj(v) || v.sha256 !== d.sha256 || v.recordType !== d.recordType || v.recordId !== d.recordId || v.txId !== s.txId) {
      problems.push(
        `documents[${i}]: the anchor written on the ledger does not name ${short(d.sha256)}, ${d.recordType} ${d.recordId} and transaction ${short(s.txId)}`,
      );
    }
    // The anchored record is one of the package's, written by the same transaction.
    const recordType = d.recordType === 'contract' ? 'contractVersion' : d.recordType;
    const record = firstOfRecord.get(recordIndexKey(recordType, d.recordId));
    if (!record) problems.push(`documents[${i}] anchors ${d.recordType} ${d.recordId}, which is not a record of the package`);
    else if (record.txId !== s.txId)
      problems.push(`documents[${i}]: ${d.recordType} ${d.recordId} was written by ${short(record.txId)}, the anchor by ${short(s.txId)}`);
    else if (!documentHashesOf(record).includes(d.sha256))
      problems.push(`documents[${i}]: ${d.recordType} ${d.recordId} does not name document ${short(d.sha256)}`);
  }
  for (const a of anchors) if (!listed.has(a)) problems.push(`the anchor statement ${a.recordId} is not in the document index`);
  const hashes = new Set(pkg.documents.map((d) => d.sha256));
  for (const s of pkg.statements) {
    for (const h of documentHashesOf(s))
      if (!hashes.has(h)) problems.push(`${s.recordType} ${s.recordId} names document ${short(h)}, which the document index lacks`);
  }
  for (const a of anchors) {
    const ref = recordKey(a.recordType, a.recordId, a.value);
    if (typeof ref === 'string') problems.push(ref);
  }
  if (problems.length) rec.fail('documents.anchored', `${problems.length} problem(s): ${problems.slice(0, 3).join('; ')}`);
  else
    rec.pass(
      'documents.anchored',
      `${pkg.documents.length} anchors of ${hashes.size} documents, each backed by a documentAnchor statement written by the transaction that wrote ` +
        `the anchored record`,
    );
}
