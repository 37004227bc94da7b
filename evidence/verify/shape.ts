// Check 0: the package has the shape of notary-evidence-package/1, with
// canonical encodings (lowercase hex, canonical base64, decimal block numbers),
// no unknown fields and no duplicate transactions or blocks.
import { PACKAGE_FORMAT } from '../format';
import { blockNumberOf, fromBase64Strict } from './decode';
import type { Recorder } from './recorder';

const TOP = [
  'format',
  'kind',
  'subject',
  'exportedAt',
  'channel',
  'chaincode',
  'records',
  'statements',
  'documents',
  'transactions',
  'blocks',
  'configBlocks',
  'asOf',
  'attestations',
  'definitionBlock',
];
const HEX64 = /^[0-9a-f]{64}$/;
const MSP_ID = /^[A-Za-z0-9.-]{1,64}$/;

const OPTIONAL = ['validationInfoBlock'];
const DEFINITION_BLOCKS = ['definitionBlock', 'validationInfoBlock'];

function keysExactly(o: unknown, keys: string[], what: string, problems: string[], optional: string[] = []): o is Record<string, unknown> {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    problems.push(`${what} is not an object`);
    return false;
  }
  const have = Object.keys(o);
  const extra = have.filter((k) => !keys.includes(k) && !optional.includes(k));
  const missing = keys.filter((k) => !have.includes(k));
  if (extra.length) problems.push(`${what} has unknown field(s) ${extra.join(', ')}`);
  if (missing.length) problems.push(`${what} lacks ${missing.join(', ')}`);
  return true;
}

const str = (v: unknown) => typeof v === 'string' && v.length > 0;

// eslint-disable-next-line complexity -- the package's shape: one check per top-level field of format 2
export function checkShape(pkg: unknown, rec: Recorder): boolean {
  const problems: string[] = [];
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      problems.push((e as Error).message);
    }
  };
  if (!keysExactly(pkg, TOP, 'package', problems, OPTIONAL)) return rec.fail('package.format', problems.join('; '));
  const p = pkg;
  if (p.format !== PACKAGE_FORMAT) problems.push(`format is ${JSON.stringify(p.format)}, not ${PACKAGE_FORMAT}`);
  if (p.kind !== 'contract' && p.kind !== 'dispute') problems.push(`kind ${JSON.stringify(p.kind)} is neither contract nor dispute`);
  for (const k of ['subject', 'channel', 'chaincode', 'exportedAt']) if (!str(p[k])) problems.push(`${k} is not a non-empty string`);
  if (typeof p.records !== 'object' || p.records === null || Array.isArray(p.records)) problems.push('records is not an object');
  const arrays = ['statements', 'documents', 'transactions', 'blocks', 'configBlocks', 'attestations'] as const;
  for (const k of arrays) if (!Array.isArray(p[k])) problems.push(`${k} is not an array`);
  if (problems.length) return rec.fail('package.format', problems.join('; '));

  (p.statements as unknown[]).forEach((s, i) => {
    if (!keysExactly(s, ['recordType', 'recordId', 'key', 'txId', 'value'], `statements[${i}]`, problems)) return;
    if (!str(s.recordType) || !str(s.recordId) || !str(s.key)) problems.push(`statements[${i}] recordType, recordId and key must be non-empty strings`);
    if (typeof s.txId !== 'string' || !HEX64.test(s.txId)) problems.push(`statements[${i}].txId is not a lowercase hex transaction ID`);
  });
  (p.documents as unknown[]).forEach((d, i) => {
    if (!keysExactly(d, ['sha256', 'recordType', 'recordId', 'txId'], `documents[${i}]`, problems)) return;
    if (typeof d.sha256 !== 'string' || !HEX64.test(d.sha256)) problems.push(`documents[${i}].sha256 is not a lowercase hex SHA-256`);
    if (typeof d.txId !== 'string' || !HEX64.test(d.txId)) problems.push(`documents[${i}].txId is not a lowercase hex transaction ID`);
    if (!str(d.recordType) || !str(d.recordId)) problems.push(`documents[${i}] recordType and recordId must be non-empty strings`);
  });
  const txIds = new Set<string>();
  (p.transactions as unknown[]).forEach((t, i) => {
    if (!keysExactly(t, ['txId', 'blockNumber', 'txIndex', 'validationCode'], `transactions[${i}]`, problems)) return;
    if (typeof t.txId !== 'string' || !HEX64.test(t.txId)) problems.push(`transactions[${i}].txId is not a lowercase hex transaction ID`);
    else if (txIds.has(t.txId)) problems.push(`transaction ${t.txId} is listed twice`);
    else txIds.add(t.txId);
    attempt(() => blockNumberOf(t.blockNumber, `transactions[${i}].blockNumber`));
    if (typeof t.txIndex !== 'number' || !Number.isSafeInteger(t.txIndex) || t.txIndex < 0)
      problems.push(`transactions[${i}].txIndex is not a non-negative integer`);
    if (!str(t.validationCode)) problems.push(`transactions[${i}].validationCode is not a string`);
  });
  const numbers = new Set<string>();
  const blockShape = (b: unknown, what: string) => {
    if (!keysExactly(b, ['number', 'raw'], what, problems)) return;
    attempt(() => blockNumberOf(b.number, `${what}.number`));
    attempt(() => fromBase64Strict(b.raw, `${what}.raw`));
    return b.number as string;
  };
  (p.blocks as unknown[]).forEach((b, i) => {
    const n = blockShape(b, `blocks[${i}]`);
    if (n !== undefined && numbers.has(n)) problems.push(`block ${n} is included twice`);
    if (n !== undefined) numbers.add(n);
  });
  const configNumbers = new Set<string>();
  (p.configBlocks as unknown[]).forEach((b, i) => {
    const n = blockShape(b, `configBlocks[${i}]`);
    if (n !== undefined && configNumbers.has(n)) problems.push(`configuration block ${n} is included twice`);
    if (n !== undefined) configNumbers.add(n);
  });
  if (keysExactly(p.asOf, ['blockNumber'], 'asOf', problems))
    attempt(() => blockNumberOf(p.asOf && (p.asOf as Record<string, unknown>).blockNumber, 'asOf.blockNumber'));
  (p.attestations as unknown[]).forEach((a, i) => {
    if (!keysExactly(a, ['mspId', 'envelope'], `attestations[${i}]`, problems)) return;
    if (typeof a.mspId !== 'string' || !MSP_ID.test(a.mspId)) problems.push(`attestations[${i}].mspId is not an MSP ID`);
    attempt(() => fromBase64Strict(a.envelope, `attestations[${i}].envelope`));
  });
  for (const k of DEFINITION_BLOCKS) {
    const d = p[k];
    if (d === undefined) continue;
    if (!keysExactly(d, ['number', 'raw', 'txId'], k, problems)) continue;
    attempt(() => blockNumberOf(d.number, `${k}.number`));
    attempt(() => fromBase64Strict(d.raw, `${k}.raw`));
    if (typeof d.txId !== 'string' || !HEX64.test(d.txId)) problems.push(`${k}.txId is not a lowercase hex transaction ID`);
  }
  if (problems.length)
    return rec.fail(
      'package.format',
      `${problems.length} problem(s), first: ${problems[0]}${problems.length > 1 ? `; ${problems.slice(1, 4).join('; ')}` : ''}`,
    );
  return rec.pass(
    'package.format',
    `${PACKAGE_FORMAT}, ${String(p.kind)} ${String(p.subject)}: ${(p.statements as unknown[]).length} statements, ` +
      `${(p.transactions as unknown[]).length} transactions, ${(p.blocks as unknown[]).length} blocks, ${(p.configBlocks as unknown[]).length} ` +
      `configuration blocks, ${(p.attestations as unknown[]).length} attestations, ${(p.documents as unknown[]).length} document anchors`,
  );
}
