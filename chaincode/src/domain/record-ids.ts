// Record IDs: how a record is named in document anchors (Documents:Lookup) and
// in evidence packages. Built by the chaincode and the exporter, parsed by the
// verifier: defined here once. A parse function answers undefined for an ID
// that is not of its form.

/** A version number or sequence: a non-negative integer without leading zeros. */
const SEQ = /^(?:0|[1-9]\d*)$/;

/** `contractId@version`: one version of a property contract. */
export const contractVersionRecordId = (contractId: string, version: number): string => `${contractId}@${version}`;

/** `disputeId#seq`: one transition of a dispute. */
export const disputeTransitionRecordId = (disputeId: string, seq: number): string => `${disputeId}#${seq}`;

/** `disputeId/letterId`: a lawyer letter of a dispute. */
export const letterRecordId = (disputeId: string, letterId: string): string => `${disputeId}/${letterId}`;

/** `disputeId/letterId/receiptId`: a delivery receipt of a letter. */
export const receiptRecordId = (disputeId: string, letterId: string, receiptId: string): string => `${disputeId}/${letterId}/${receiptId}`;

/** `projectId/txId`: a project's risk warning, named by the transaction that raised it. */
export const riskWarningRecordId = (projectId: string, txId: string): string => `${projectId}/${txId}`;

/** `sha256:recordType:recordId`: the anchor of a document to a record. */
export const documentAnchorRecordId = (sha256: string, recordType: string, recordId: string): string => `${sha256}:${recordType}:${recordId}`;

/** Splits at the last `sep`, whose right-hand side must be a sequence number. */
function splitSeq(id: string, sep: string): [string, number] | undefined {
  const at = id.lastIndexOf(sep);
  if (at < 0) return undefined;
  const seq = id.slice(at + 1);
  return SEQ.test(seq) ? [id.slice(0, at), Number(seq)] : undefined;
}

export function parseContractVersionRecordId(id: string): { contractId: string; version: number } | undefined {
  const p = splitSeq(id, '@');
  return p && { contractId: p[0], version: p[1] };
}

export function parseDisputeTransitionRecordId(id: string): { disputeId: string; seq: number } | undefined {
  const p = splitSeq(id, '#');
  return p && { disputeId: p[0], seq: p[1] };
}

export function parseLetterRecordId(id: string): { disputeId: string; letterId: string } | undefined {
  const p = id.split('/');
  return p.length === 2 ? { disputeId: p[0]!, letterId: p[1]! } : undefined;
}

export function parseReceiptRecordId(id: string): { disputeId: string; letterId: string; receiptId: string } | undefined {
  const p = id.split('/');
  return p.length === 3 ? { disputeId: p[0]!, letterId: p[1]!, receiptId: p[2]! } : undefined;
}

export function parseRiskWarningRecordId(id: string): { projectId: string; txId: string } | undefined {
  const p = id.split('/');
  return p.length === 2 ? { projectId: p[0]!, txId: p[1]! } : undefined;
}

export function parseDocumentAnchorRecordId(id: string): { sha256: string; recordType: string; recordId: string } | undefined {
  const m = /^([0-9a-f]{64}):([^:]+):(.+)$/s.exec(id);
  return m ? { sha256: m[1]!, recordType: m[2]!, recordId: m[3]! } : undefined;
}

/**
 * The contract or dispute a document anchor belongs to, from its record type and ID: who may see the
 * anchor is who may reach that record (Documents:Lookup). Undefined for a form this chaincode never writes.
 */
export function anchorSubject(recordType: string, recordId: string): { kind: 'contract' | 'dispute'; id: string } | undefined {
  if (recordType === 'contract') {
    const p = parseContractVersionRecordId(recordId);
    return p && { kind: 'contract', id: p.contractId };
  }
  if (recordType === 'disputeTransition') {
    const p = parseDisputeTransitionRecordId(recordId);
    return p && { kind: 'dispute', id: p.disputeId };
  }
  if (recordType === 'letter') {
    const p = parseLetterRecordId(recordId);
    return p && { kind: 'dispute', id: p.disputeId };
  }
  return undefined;
}
