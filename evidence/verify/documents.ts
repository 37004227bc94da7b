// Check 8: a file given to the verifier is one the package anchors: its
// SHA-256 is in the document index. Reports which record anchored it, in
// which transaction and block, when and by whom.
import { short, type Context } from './context';
import { sha256Hex } from './hashes';
import type { DocumentFact, DocumentInput } from './types';

function documentFacts(ctx: Context): DocumentFact[] {
  const bySha = new Map<string, DocumentFact>();
  for (const d of ctx.pkg.documents) {
    const fact = bySha.get(d.sha256) ?? { sha256: d.sha256, anchors: [] };
    bySha.set(d.sha256, fact);
    const anchor = ctx.pkg.statements.find((s) => s.recordType === 'documentAnchor' && s.recordId === `${d.sha256}:${d.recordType}:${d.recordId}`);
    const value = (anchor?.value ?? {}) as { at?: unknown; by?: unknown };
    const state = ctx.txs.get(d.txId);
    fact.anchors.push({
      recordType: d.recordType,
      recordId: d.recordId,
      txId: d.txId,
      blockNumber: state?.tx.blockNumber,
      at: typeof value.at === 'string' ? value.at : undefined,
      by: value.by,
      creator: state?.fact?.creator,
    });
  }
  return [...bySha.values()];
}

export function checkDocuments(ctx: Context, documents: DocumentInput[]): void {
  const { rec } = ctx;
  ctx.facts.documents = documentFacts(ctx);
  const anchoredOk = rec
    .checks()
    .filter((c) => c.id === 'documents.anchored')
    .every((c) => c.ok);
  for (const doc of documents) {
    const sha = sha256Hex(doc.bytes);
    const fact = ctx.facts.documents.find((d) => d.sha256 === sha);
    ctx.facts.providedDocuments.push({ name: doc.name, sha256: sha, matched: fact !== undefined });
    if (!fact) {
      rec.fail(
        'document.match',
        `${doc.name} (${doc.bytes.length} bytes, SHA-256 ${sha}) matches no document the package anchors (${ctx.facts.documents.length} anchored)`,
      );
      continue;
    }
    fact.file = doc.name;
    const anchors = fact.anchors.map((a) => {
      const by = a.creator
        ? `${a.creator.commonName} (${[...a.creator.roles, ...Object.entries(a.creator.attributes).map(([k, v]) => `${k}=${v}`)].join(', ')}) of ` +
          `${a.creator.mspId}`
        : 'an unverified creator';
      return `${a.recordType} ${a.recordId} in transaction ${short(a.txId)} (block ${a.blockNumber ?? '?'}) at ${a.at ?? '?'} by ${by}`;
    });
    const where = { txId: fact.anchors[0]?.txId, blockNumber: fact.anchors[0]?.blockNumber };
    if (!anchoredOk) rec.fail('document.match', `${doc.name} (SHA-256 ${short(sha)}) matches the index, but the index itself did not verify`, where);
    else rec.pass('document.match', `${doc.name} (SHA-256 ${short(sha)}) was anchored by ${anchors.join('; and by ')}`, where);
  }
}
