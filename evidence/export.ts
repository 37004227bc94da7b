// Builds the evidence package of a dispute or a contract from the ledger, as
// the requesting identity sees it (its read permissions apply).
import fs from 'node:fs';
import path from 'node:path';
import { arrearsEventKey, contractKey, contractVersionKey, disputeKey, disputeTransitionKey, documentAnchorKey, letterKey, receiptKey, riskWarningKey } from '../chaincode/src/domain';
import type { Ledger } from '../gateway/ledger';
import { isConfigBlock, parseBlock, validationCodeName, type ParsedBlock } from './blocks';
import { decodeEndorsedAction, decodeEnvelope } from './verify/decode';
import { PACKAGE_FORMAT, type DocumentReference, type EvidencePackage, type PackageHeader, type Statement } from './format';
import { compositeKey } from './keys';

interface Write<T> { txId: string; value: T | null; isDelete: boolean }
interface Versioned { version: number }
interface Anchor { sha256: string; recordType: string; recordId: string; txId: string }

/** A VALID `_lifecycle` commit of a chaincode definition in a block: chaincode, tx index, whether it wrote ValidationInfo. */
export type LifecycleCommit = [chaincode: string, txIndex: number, wroteValidationInfo: boolean];

/** The VALID CommitChaincodeDefinition transactions of a block (those writing namespaces/fields/<cc>/Sequence). */
export function lifecycleCommits(b: ParsedBlock): LifecycleCommit[] {
  const out: LifecycleCommit[] = [];
  for (const tx of b.txs) {
    if (tx.validationCode !== 0 || tx.type !== 3) continue;
    try {
      const action = decodeEndorsedAction(decodeEnvelope(tx.envelope.serializeBinary(), 'tx'), 'tx');
      if (action.chaincodeName !== '_lifecycle') continue;
      const keys = (action.writes.get('_lifecycle') ?? []).filter((w) => !w.isDelete).map((w) => w.key);
      for (const k of keys) {
        const m = /^namespaces\/fields\/([^/]+)\/Sequence$/.exec(k);
        if (m) out.push([m[1]!, tx.index, keys.includes(`namespaces/fields/${m[1]}/ValidationInfo`)]);
      }
    } catch {
      // not an endorser transaction we can read: no lifecycle commit
    }
  }
  return out;
}

/**
 * Headers never change: kept across exports (and, with a file, across
 * restarts) so each export fetches only blocks it has not seen.
 */
export class HeaderCache {
  readonly headers = new Map<bigint, PackageHeader>();
  readonly configBlocks = new Map<bigint, Uint8Array>();
  /** Lifecycle commits per block; a block without an entry (cached by an older version) was not scanned. */
  readonly lifecycle = new Map<bigint, LifecycleCommit[]>();

  constructor(private readonly file?: string) {
    if (!file || !fs.existsSync(file)) return;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let entry: PackageHeader & { config?: string; lc?: LifecycleCommit[] };
      try {
        entry = JSON.parse(line) as PackageHeader & { config?: string; lc?: LifecycleCommit[] };
      } catch {
        continue; // a torn last line: that header is fetched again
      }
      const { config, lc, ...header } = entry;
      this.headers.set(BigInt(header.number), header);
      if (config) this.configBlocks.set(BigInt(header.number), Buffer.from(config, 'base64'));
      if (lc) this.lifecycle.set(BigInt(header.number), lc);
    }
  }

  add(header: PackageHeader, configBlock?: Uint8Array, lifecycle?: LifecycleCommit[]): void {
    this.headers.set(BigInt(header.number), header);
    if (configBlock) this.configBlocks.set(BigInt(header.number), configBlock);
    if (lifecycle) this.lifecycle.set(BigInt(header.number), lifecycle);
    if (this.file) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, `${JSON.stringify({ ...header, ...(configBlock ? { config: Buffer.from(configBlock).toString('base64') } : {}), ...(lifecycle ? { lc: lifecycle } : {}) })}\n`);
    }
  }
}

export class EvidenceExporter {
  constructor(private readonly ledger: Ledger, private readonly cache = new HeaderCache()) {}

  private evaluate<T>(mspId: string, identity: string, contract: string, fn: string, ...args: string[]): Promise<T> {
    return this.ledger.evaluate<T>(mspId, identity, { contract, fn, args });
  }

  private async block(mspId: string, identity: string, n: bigint): Promise<ParsedBlock> {
    return parseBlock(await this.ledger.blockByNumber(mspId, identity, n));
  }

  async exportDispute(mspId: string, identity: string, disputeId: string): Promise<EvidencePackage> {
    const history = await this.evaluate<{ dispute: { contractId: string; projectId: string }; transitions: { seq: number; documentHashes: string[] }[]; writes: Write<Versioned>[] }>(mspId, identity, 'Disputes', 'History', disputeId);
    const contract = await this.evaluate<{ versions: (Versioned & { documentSha256: string })[]; writes: Write<Versioned>[] }>(mspId, identity, 'Contracts', 'History', history.dispute.contractId);
    const letters = await this.evaluate<{ letters: { letter: { letterId: string; txId: string; contentSha256: string }; receipts: { receiptId: string; txId: string; evidenceSha256: string }[] }[] }>(mspId, identity, 'Letters', 'ListByDispute', disputeId);

    const arrears = await this.evaluate<{ events: { eventId: string; period: string; txId?: string }[] }>(mspId, identity, 'Arrears', 'ListByContract', history.dispute.contractId);
    const warnings = await this.evaluate<{ warnings: { txId: string }[] }>(mspId, identity, 'Arrears', 'Warnings', history.dispute.projectId);
    const statements: Statement[] = [
      ...this.keyWrites('dispute', disputeId, compositeKey(disputeKey(disputeId)), history.writes),
      // Events recorded before they carried their txId stay readable in `records` but are not statements.
      ...arrears.events.filter((e) => e.txId).map((e) => ({
        recordType: 'arrearsEvent', recordId: e.eventId, key: compositeKey(arrearsEventKey(history.dispute.contractId, e.period, e.eventId)), txId: e.txId!, value: e,
      })),
      ...warnings.warnings.map((w) => ({
        recordType: 'riskWarning', recordId: `${history.dispute.projectId}/${w.txId}`, key: compositeKey(riskWarningKey(history.dispute.projectId, w.txId)), txId: w.txId, value: w,
      })),
      ...history.transitions.map((t) => ({
        recordType: 'disputeTransition', recordId: `${disputeId}#${t.seq}`, key: compositeKey(disputeTransitionKey(disputeId, t.seq)),
        txId: txOfVersion(history.writes, t.seq), value: t,
      })),
      ...this.contractStatements(history.dispute.contractId, contract),
      ...letters.letters.flatMap(({ letter, receipts }) => [
        { recordType: 'letter', recordId: `${disputeId}/${letter.letterId}`, key: compositeKey(letterKey(disputeId, letter.letterId)), txId: letter.txId, value: letter },
        ...receipts.map((r) => ({ recordType: 'receipt', recordId: `${disputeId}/${letter.letterId}/${r.receiptId}`, key: compositeKey(receiptKey(disputeId, letter.letterId, r.receiptId)), txId: r.txId, value: r })),
      ]),
    ];
    const hashes = [
      ...contract.versions.map((v) => v.documentSha256),
      ...history.transitions.flatMap((t) => t.documentHashes),
      ...letters.letters.flatMap(({ letter, receipts }) => [letter.contentSha256, ...receipts.map((r) => r.evidenceSha256)]),
    ];
    const recordIds = new Set([...statements.map((s) => s.recordId), ...contract.versions.map((v) => `${history.dispute.contractId}@${v.version}`)]);
    return this.assemble(mspId, identity, 'dispute', disputeId, { dispute: history, contract, letters: letters.letters, arrears: arrears.events, riskWarnings: warnings.warnings }, statements, hashes, recordIds);
  }

  async exportContract(mspId: string, identity: string, contractId: string): Promise<EvidencePackage> {
    const contract = await this.evaluate<{ versions: (Versioned & { documentSha256: string })[]; writes: Write<Versioned>[] }>(mspId, identity, 'Contracts', 'History', contractId);
    const statements = this.contractStatements(contractId, contract);
    const recordIds = new Set(contract.versions.map((v) => `${contractId}@${v.version}`));
    return this.assemble(mspId, identity, 'contract', contractId, { contract }, statements, contract.versions.map((v) => v.documentSha256), recordIds);
  }

  private keyWrites(recordType: string, recordId: string, key: string, writes: Write<unknown>[]): Statement[] {
    return writes.filter((w) => !w.isDelete).map((w) => ({ recordType, recordId, key, txId: w.txId, value: w.value }));
  }

  private contractStatements(contractId: string, h: { versions: Versioned[]; writes: Write<Versioned>[] }): Statement[] {
    return [
      ...this.keyWrites('contract', contractId, compositeKey(contractKey(contractId)), h.writes),
      ...h.versions.map((v) => ({
        recordType: 'contractVersion', recordId: `${contractId}@${v.version}`, key: compositeKey(contractVersionKey(contractId, v.version)),
        txId: txOfVersion(h.writes, v.version), value: v,
      })),
    ];
  }

  private async assemble(
    mspId: string, identity: string, kind: EvidencePackage['kind'], subject: string, records: Record<string, unknown>,
    recordStatements: Statement[], documentHashes: string[], recordIds: Set<string>,
  ): Promise<EvidencePackage> {
    // Each document's anchor entries that belong to this subject's records.
    const documents: DocumentReference[] = [];
    const statements = [...recordStatements];
    for (const sha256 of [...new Set(documentHashes)].sort()) {
      const found = await this.evaluate<{ anchors: Anchor[] }>(mspId, identity, 'Documents', 'Lookup', sha256);
      for (const a of found.anchors.filter((x) => recordIds.has(x.recordId))) {
        documents.push({ sha256, recordType: a.recordType, recordId: a.recordId, txId: a.txId });
        statements.push({ recordType: 'documentAnchor', recordId: `${sha256}:${a.recordType}:${a.recordId}`, key: compositeKey(documentAnchorKey(sha256, a.recordType, a.recordId)), txId: a.txId, value: a });
      }
    }

    // The blocks of every transaction, then every header up to the newest of them.
    const blocks = new Map<bigint, ParsedBlock>();
    const raw = new Map<bigint, Uint8Array>();
    const transactions = [];
    for (const txId of [...new Set(statements.map((s) => s.txId))]) {
      const bytes = await this.ledger.blockOf(mspId, identity, txId);
      const b = parseBlock(bytes);
      blocks.set(b.number, b);
      raw.set(b.number, bytes);
      const tx = b.txs.find((t) => t.txId === txId);
      if (!tx) throw new Error(`transaction ${txId} not in the block the peer returned`);
      transactions.push({ txId, blockNumber: String(b.number), txIndex: tx.index, validationCode: validationCodeName(tx.validationCode) });
    }
    const max = [...blocks.keys()].reduce((a, b) => (b > a ? b : a), 0n);
    let config: bigint | undefined;
    for (let n = 0n; n <= max; n++) {
      // Entries cached before lifecycle commits were recorded are fetched once more to scan them.
      if (!this.cache.headers.has(n) || !this.cache.lifecycle.has(n)) {
        const b = blocks.get(n) ?? (await this.block(mspId, identity, n));
        this.cache.add({ number: String(n), previousHash: b.previousHash, dataHash: b.dataHash }, isConfigBlock(b) ? b.block.serializeBinary() : undefined, lifecycleCommits(b));
      }
      if (this.cache.configBlocks.has(n)) config = n;
    }
    if (config === undefined) throw new Error('no configuration block found');
    // The definition in force: the newest commit of this chaincode's definition, and the newest that wrote ValidationInfo.
    const chaincode = this.ledger.description.chaincode;
    let definition: { n: bigint; index: number } | undefined;
    let validation: { n: bigint; index: number } | undefined;
    for (let n = max; n >= 0n && !validation; n--) {
      for (const [cc, index, wroteValidation] of [...(this.cache.lifecycle.get(n) ?? [])].reverse()) {
        if (cc !== chaincode) continue;
        definition ??= { n, index };
        if (wroteValidation) {
          validation = { n, index };
          break;
        }
      }
    }
    const definitionBlock = async (d: { n: bigint; index: number }) => {
      const bytes = raw.get(d.n) ?? (await this.ledger.blockByNumber(mspId, identity, d.n));
      return { number: String(d.n), raw: Buffer.from(bytes).toString('base64'), txId: parseBlock(bytes).txs[d.index]!.txId };
    };
    // A definition block cut under an earlier configuration than the package's cannot be checked against it: left out.
    const definitionBlocks = definition && validation && validation.n >= config ? {
      definitionBlock: await definitionBlock(definition),
      ...(validation.n !== definition.n || validation.index !== definition.index ? { validationInfoBlock: await definitionBlock(validation) } : {}),
    } : {};
    return {
      format: PACKAGE_FORMAT,
      kind,
      subject,
      exportedAt: new Date().toISOString(),
      channel: this.ledger.channel,
      chaincode: this.ledger.description.chaincode,
      records,
      statements,
      documents,
      transactions: transactions.sort((a, b) => Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) || a.txIndex - b.txIndex),
      blocks: [...raw.entries()].sort(([a], [b]) => Number(a - b)).map(([number, bytes]) => ({ number: String(number), raw: Buffer.from(bytes).toString('base64') })),
      headers: Array.from({ length: Number(max) + 1 }, (_, i) => this.cache.headers.get(BigInt(i))!),
      configBlock: { number: String(config), raw: Buffer.from(this.cache.configBlocks.get(config)!).toString('base64') },
      ...definitionBlocks,
    };
  }
}

/** The transaction that wrote version `v` of a versioned record (its key's write history). */
function txOfVersion(writes: Write<Versioned>[], v: number): string {
  const w = writes.find((x) => x.value?.version === v);
  if (!w) throw new Error(`no write of version ${v} in the key history`);
  return w.txId;
}

