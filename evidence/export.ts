// Builds the evidence package of a dispute or a contract from the ledger, as
// the requesting identity sees it (its read permissions apply).
import {
  arrearsEventKey,
  contractKey,
  contractVersionKey,
  disputeKey,
  disputeTransitionKey,
  documentAnchorKey,
  letterKey,
  receiptKey,
  riskWarningKey,
  contractVersionRecordId,
  disputeTransitionRecordId,
  documentAnchorRecordId,
  letterRecordId,
  receiptRecordId,
  riskWarningRecordId,
} from '../chaincode/src/domain';
import type { Ledger } from '../gateway/ledger';
import { parseBlock, validationCodeName } from '../fabric/blocks';
import { sleep } from '../fabric/sleep';
import { attestationAgrees, requiredCoverage } from './verify/attestations';
import { decodeBlock, decodeBlockSignatures, decodeEndorsedAction, decodeEnvelope } from './verify/decode';
import { PACKAGE_FORMAT, type DocumentReference, type EvidencePackage, type PackageBlock, type Statement } from './format';
import { compositeKey } from './keys';

interface Write<T> {
  txId: string;
  value: T | null;
  isDelete: boolean;
}
interface Versioned {
  version: number;
}
interface Anchor {
  sha256: string;
  recordType: string;
  recordId: string;
  txId: string;
}

/**
 * How often an export is read again, from the start, when the orgs' attestations
 * disagree with what was read: a write to the subject came in between, or a
 * peer answered from behind the newest block. The pause grows with each try.
 */
const EXPORT_ATTEMPTS = 4;
const RETRY_PAUSE_MS = 250;

/** A composite key string back into its parts (objectType, ...attributes). */
const partsOf = (key: string): string[] => key.split('\u0000').slice(1, -1);

export class EvidenceExporter {
  constructor(private readonly ledger: Ledger) {}

  private evaluate<T>(mspId: string, identity: string, contract: string, fn: string, ...args: string[]): Promise<T> {
    return this.ledger.evaluate<T>(mspId, identity, { contract, fn, args });
  }

  /** `requestedId` as the caller sent it (a company may send its short ID); the package names the ledger's ID. */
  exportDispute(mspId: string, identity: string, requestedId: string): Promise<EvidencePackage> {
    return readAgainIfMovedOn(() => this.readDispute(mspId, identity, requestedId));
  }

  exportContract(mspId: string, identity: string, requestedId: string): Promise<EvidencePackage> {
    return readAgainIfMovedOn(() => this.readContract(mspId, identity, requestedId));
  }

  private async readDispute(mspId: string, identity: string, requestedId: string): Promise<EvidencePackage> {
    const history = await this.evaluate<{
      dispute: { disputeId: string; contractId: string; projectId: string };
      transitions: { seq: number; documentHashes: string[] }[];
      writes: Write<Versioned>[];
    }>(mspId, identity, 'Disputes', 'History', requestedId);
    const disputeId = history.dispute.disputeId;
    const contract = await this.evaluate<{ versions: (Versioned & { documentSha256: string })[]; writes: Write<Versioned>[] }>(
      mspId,
      identity,
      'Contracts',
      'History',
      history.dispute.contractId,
    );
    const letters = await this.evaluate<{
      letters: { letter: { letterId: string; txId: string; contentSha256: string }; receipts: { receiptId: string; txId: string; evidenceSha256: string }[] }[];
    }>(mspId, identity, 'Letters', 'ListByDispute', disputeId);

    const arrears = await this.evaluate<{ events: { eventId: string; period: string; txId?: string }[] }>(
      mspId,
      identity,
      'Arrears',
      'ListByContract',
      history.dispute.contractId,
    );
    const warnings = await this.evaluate<{ warnings: { txId: string }[] }>(mspId, identity, 'Arrears', 'Warnings', history.dispute.projectId);
    const statements: Statement[] = [
      ...this.keyWrites('dispute', disputeId, compositeKey(disputeKey(disputeId)), history.writes),
      // Events recorded before they carried their txId stay readable in `records` but are not statements.
      ...arrears.events
        .filter((e) => e.txId)
        .map((e) => ({
          recordType: 'arrearsEvent',
          recordId: e.eventId,
          key: compositeKey(arrearsEventKey(history.dispute.contractId, e.period, e.eventId)),
          txId: e.txId!,
          value: e,
        })),
      ...warnings.warnings.map((w) => ({
        recordType: 'riskWarning',
        recordId: riskWarningRecordId(history.dispute.projectId, w.txId),
        key: compositeKey(riskWarningKey(history.dispute.projectId, w.txId)),
        txId: w.txId,
        value: w,
      })),
      ...history.transitions.map((t) => ({
        recordType: 'disputeTransition',
        recordId: disputeTransitionRecordId(disputeId, t.seq),
        key: compositeKey(disputeTransitionKey(disputeId, t.seq)),
        txId: txOfVersion(history.writes, t.seq),
        value: t,
      })),
      ...this.contractStatements(history.dispute.contractId, contract),
      ...letters.letters.flatMap(({ letter, receipts }) => [
        {
          recordType: 'letter',
          recordId: letterRecordId(disputeId, letter.letterId),
          key: compositeKey(letterKey(disputeId, letter.letterId)),
          txId: letter.txId,
          value: letter,
        },
        ...receipts.map((r) => ({
          recordType: 'receipt',
          recordId: receiptRecordId(disputeId, letter.letterId, r.receiptId),
          key: compositeKey(receiptKey(disputeId, letter.letterId, r.receiptId)),
          txId: r.txId,
          value: r,
        })),
      ]),
    ];
    const hashes = [
      ...contract.versions.map((v) => v.documentSha256),
      ...history.transitions.flatMap((t) => t.documentHashes),
      ...letters.letters.flatMap(({ letter, receipts }) => [letter.contentSha256, ...receipts.map((r) => r.evidenceSha256)]),
    ];
    const recordIds = new Set([
      ...statements.map((s) => s.recordId),
      ...contract.versions.map((v) => contractVersionRecordId(history.dispute.contractId, v.version)),
    ]);
    return this.assemble(
      mspId,
      identity,
      'dispute',
      disputeId,
      { dispute: history, contract, letters: letters.letters, arrears: arrears.events, riskWarnings: warnings.warnings },
      statements,
      hashes,
      recordIds,
    );
  }

  private async readContract(mspId: string, identity: string, requestedId: string): Promise<EvidencePackage> {
    const contract = await this.evaluate<{
      contract: { contractId: string };
      versions: (Versioned & { documentSha256: string })[];
      writes: Write<Versioned>[];
    }>(mspId, identity, 'Contracts', 'History', requestedId);
    const contractId = contract.contract.contractId;
    const statements = this.contractStatements(contractId, contract);
    const recordIds = new Set(contract.versions.map((v) => contractVersionRecordId(contractId, v.version)));
    return this.assemble(
      mspId,
      identity,
      'contract',
      contractId,
      { contract },
      statements,
      contract.versions.map((v) => v.documentSha256),
      recordIds,
    );
  }

  private keyWrites(recordType: string, recordId: string, key: string, writes: Write<unknown>[]): Statement[] {
    return writes.filter((w) => !w.isDelete).map((w) => ({ recordType, recordId, key, txId: w.txId, value: w.value }));
  }

  private contractStatements(contractId: string, h: { versions: Versioned[]; writes: Write<Versioned>[] }): Statement[] {
    return [
      ...this.keyWrites('contract', contractId, compositeKey(contractKey(contractId)), h.writes),
      ...h.versions.map((v) => ({
        recordType: 'contractVersion',
        recordId: contractVersionRecordId(contractId, v.version),
        key: compositeKey(contractVersionKey(contractId, v.version)),
        txId: txOfVersion(h.writes, v.version),
        value: v,
      })),
    ];
  }

  private async assemble(
    mspId: string,
    identity: string,
    kind: EvidencePackage['kind'],
    subject: string,
    records: Record<string, unknown>,
    recordStatements: Statement[],
    documentHashes: string[],
    recordIds: Set<string>,
  ): Promise<EvidencePackage> {
    // Each document's anchor entries that belong to this subject's records.
    const documents: DocumentReference[] = [];
    const statements = [...recordStatements];
    for (const sha256 of [...new Set(documentHashes)].sort()) {
      const found = await this.evaluate<{ anchors: Anchor[] }>(mspId, identity, 'Documents', 'Lookup', sha256);
      for (const a of found.anchors.filter((x) => recordIds.has(x.recordId))) {
        documents.push({ sha256, recordType: a.recordType, recordId: a.recordId, txId: a.txId });
        statements.push({
          recordType: 'documentAnchor',
          recordId: documentAnchorRecordId(sha256, a.recordType, a.recordId),
          key: compositeKey(documentAnchorKey(sha256, a.recordType, a.recordId)),
          txId: a.txId,
          value: a,
        });
      }
    }
    return this.attempt(mspId, identity, { kind, subject, records, statements, documents });
  }

  private async attempt(
    mspId: string,
    identity: string,
    p: Pick<EvidencePackage, 'kind' | 'subject' | 'records' | 'statements' | 'documents'>,
  ): Promise<EvidencePackage> {
    // Blocks shipped in the package, and every block read for this export (each is read once).
    const raw = new Map<bigint, Uint8Array>();
    const read = new Map<bigint, Promise<Uint8Array>>();
    const fetch = (n: bigint): Promise<Uint8Array> => {
      const shipped = raw.get(n);
      if (shipped) return Promise.resolve(shipped);
      let p = read.get(n);
      if (!p) read.set(n, (p = this.ledger.blockByNumber(mspId, identity, n)));
      return p;
    };
    // The blocks of every transaction.
    const transactions = [];
    for (const txId of [...new Set(p.statements.map((s) => s.txId))]) {
      const bytes = await this.ledger.blockOf(mspId, identity, txId);
      const b = parseBlock(bytes);
      raw.set(b.number, bytes);
      const tx = b.txs.find((t) => t.txId === txId);
      if (!tx) throw new Error(`transaction ${txId} not in the block the peer returned`);
      transactions.push({ txId, blockNumber: String(b.number), txIndex: tx.index, validationCode: validationCodeName(tx.validationCode) });
    }
    // Complete as of the newest block now; the organisations attest the subject keys' histories after it.
    const asOf = BigInt(await this.ledger.height(mspId, identity)) - 1n;
    raw.set(asOf, await fetch(asOf));
    const coverage = requiredCoverage(p.kind, p.subject, p.statements);
    const keys = [...new Set([...coverage.keys, ...p.statements.map((s) => s.key)])].map(partsOf);
    const attested = await this.ledger.attest(mspId, identity, { keys, prefixes: coverage.prefixes.map(partsOf), minHeight: asOf + 1n });
    const attestations = attested.attestations.filter((a) => attestationAgrees(a.envelope, p.kind, p.subject, p.statements));
    if (attestations.length * 2 <= this.ledger.description.orgs.length) {
      throw new LedgerMovedOn(
        `only ${attestations.map((a) => a.mspId).join(', ') || 'no organisation'} attested the history read` +
          `${attested.failures.length ? `; failed: ${attested.failures.map((f) => `${f.mspId}: ${f.error}`).join(' | ')}` : ''}`,
      );
    }
    const configBlocks = await this.configHistory(fetch, asOf);
    const definition = await this.definitionBlocks(fetch, transactions);
    return {
      format: PACKAGE_FORMAT,
      kind: p.kind,
      subject: p.subject,
      exportedAt: new Date().toISOString(),
      channel: this.ledger.channel,
      chaincode: this.ledger.description.chaincode,
      records: p.records,
      statements: p.statements,
      documents: p.documents,
      transactions: transactions.sort((a, b) => Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) || a.txIndex - b.txIndex),
      blocks: [...raw.entries()].sort(([a], [b]) => Number(a - b)).map(([number, bytes]) => ({ number: String(number), raw: b64(bytes) })),
      configBlocks,
      asOf: { blockNumber: String(asOf) },
      attestations: attestations.map((a) => ({ mspId: a.mspId, envelope: b64(a.envelope) })),
      ...definition,
    };
  }

  /**
   * The genesis block and every configuration block up to `asOf`, found
   * through the orderer-signed metadata (each block names the configuration
   * in force): about two block reads per configuration, never a scan.
   */
  private async configHistory(fetch: (n: bigint) => Promise<Uint8Array>, asOf: bigint): Promise<PackageBlock[]> {
    const out: PackageBlock[] = [];
    let config = lastConfigOf(await fetch(asOf));
    for (;;) {
      const bytes = await fetch(config);
      out.unshift({ number: String(config), raw: b64(bytes) });
      if (config === 0n) return out;
      config = lastConfigOf(await fetch(config - 1n));
    }
  }

  /**
   * The chaincode definition the newest packaged transaction was endorsed
   * under: every transaction reads its Sequence, and the version it read is the
   * block and position of the lifecycle transaction that wrote it. Fabric
   * writes only changed fields, so ValidationInfo may come from an older
   * lifecycle transaction, which the definition read in turn.
   */
  private async definitionBlocks(
    fetch: (n: bigint) => Promise<Uint8Array>,
    transactions: { txId: string; blockNumber: string; txIndex: number }[],
  ): Promise<Pick<EvidencePackage, 'definitionBlock' | 'validationInfoBlock'>> {
    const chaincode = this.ledger.description.chaincode;
    const field = (f: string) => `namespaces/fields/${chaincode}/${f}`;
    const newest = [...transactions].sort((a, b) => Number(BigInt(b.blockNumber) - BigInt(a.blockNumber)) || b.txIndex - a.txIndex)[0];
    if (!newest) throw new Error('a package needs at least one transaction');
    const readOf = async (block: bigint, index: number, key: string) => {
      const b = parseBlock(await fetch(block));
      const action = decodeEndorsedAction(decodeEnvelope(b.txs[index]!.envelope.serializeBinary(), 'tx'), 'tx');
      return {
        version: (action.reads.get('_lifecycle') ?? []).find((r) => r.key === key)?.version,
        action,
        txId: b.txs[index]!.txId,
        bytes: await fetch(block),
      };
    };
    const sequenceRead = (await readOf(BigInt(newest.blockNumber), newest.txIndex, field('Sequence'))).version;
    if (!sequenceRead) throw new Error(`transaction ${newest.txId} read no ${field('Sequence')}`);
    const def = await readOf(sequenceRead.block, Number(sequenceRead.tx), field('ValidationInfo'));
    const definitionBlock = { number: String(sequenceRead.block), raw: b64(def.bytes), txId: def.txId };
    const wroteValidationInfo = (def.action.writes.get('_lifecycle') ?? []).some((w) => w.key === field('ValidationInfo') && !w.isDelete);
    if (wroteValidationInfo) return { definitionBlock };
    if (!def.version) throw new Error(`the definition transaction ${def.txId} neither wrote nor read ${field('ValidationInfo')}`);
    const vi = parseBlock(await fetch(def.version.block));
    return {
      definitionBlock,
      validationInfoBlock: { number: String(def.version.block), raw: b64(await fetch(def.version.block)), txId: vi.txs[Number(def.version.tx)]!.txId },
    };
  }
}

/** The ledger changed between reading the subject and the attestations: read again. */
class LedgerMovedOn extends Error {}

/** `read` again from the start while the attestations disagree with it, pausing longer each time. */
async function readAgainIfMovedOn(read: () => Promise<EvidencePackage>): Promise<EvidencePackage> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof LedgerMovedOn) || attempt >= EXPORT_ATTEMPTS) throw e;
      await sleep(RETRY_PAUSE_MS * attempt);
    }
  }
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The configuration block a block was cut under (its orderer-signed metadata). */
function lastConfigOf(bytes: Uint8Array): bigint {
  const decoded = decodeBlock(bytes, 'block');
  return decodeBlockSignatures(decoded, `block ${decoded.header.number}`).lastConfig;
}

/** The transaction that wrote version `v` of a versioned record (its key's write history). */
function txOfVersion(writes: Write<Versioned>[], v: number): string {
  const w = writes.find((x) => x.value?.version === v);
  if (!w) throw new Error(`no write of version ${v} in the key history`);
  return w.txId;
}
