// The self-contained evidence package (format notary-evidence-package/1).
// Everything a verifier needs is inside: the records, the exact ledger writes
// they rest on, the raw blocks holding those transactions, every block header
// from the genesis block up (the hash chain), and the channel configuration
// block (MSP roots, policies). evidence/package.schema.json describes it.

export const PACKAGE_FORMAT = 'notary-evidence-package/1' as const;

/** One ledger write a record rests on: the verifier finds it in the transaction's read-write set. */
export interface Statement {
  /** What the write is, for people: contract, contractVersion, dispute, disputeTransition, letter, receipt, documentAnchor. */
  recordType: string;
  recordId: string;
  /** The world-state key written (a Fabric composite key: U+0000-separated). */
  key: string;
  txId: string;
  /** The value written; its canonical JSON must equal the written bytes. */
  value: unknown;
}

export interface PackageTransaction {
  txId: string;
  blockNumber: string;
  /** Position of the transaction in its block. */
  txIndex: number;
  validationCode: string;
}

export interface PackageBlock {
  number: string;
  /** The block as the peers store it (common.Block protobuf), base64. */
  raw: string;
}

export interface PackageHeader {
  number: string;
  previousHash: string;
  dataHash: string;
}

export interface DocumentReference {
  sha256: string;
  recordType: string;
  recordId: string;
  txId: string;
}

export interface EvidencePackage {
  format: typeof PACKAGE_FORMAT;
  kind: 'contract' | 'dispute';
  subject: string;
  exportedAt: string;
  channel: string;
  chaincode: string;
  /** The records as the chaincode answers them (history included), for reading. */
  records: Record<string, unknown>;
  statements: Statement[];
  documents: DocumentReference[];
  transactions: PackageTransaction[];
  blocks: PackageBlock[];
  /** Headers of blocks 0..max, hex hashes: the chain the blocks above hang on. */
  headers: PackageHeader[];
  /** The latest configuration block before the newest block in the package (raw, base64). */
  configBlock: PackageBlock;
  /**
   * The block of the newest VALID `_lifecycle` CommitChaincodeDefinition of
   * the chaincode at or before the newest packaged block: the definition the
   * packaged transactions were endorsed under (they read its Sequence key).
   * Absent in packages exported before it existed.
   */
  definitionBlock?: DefinitionBlock;
  /**
   * Fabric writes only the fields of a definition that changed: when the
   * definition above did not write ValidationInfo (the endorsement policy), the
   * block of the lifecycle transaction that last wrote it (the definition
   * transaction read that version).
   */
  validationInfoBlock?: DefinitionBlock;
}

export interface DefinitionBlock extends PackageBlock {
  /** The `_lifecycle` transaction in that block. */
  txId: string;
}
