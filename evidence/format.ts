// The self-contained evidence package (format notary-evidence-package/2).
// Everything a verifier needs, except what it must never take from the
// package (the trust bundle: genesis hash and CA fingerprints), is inside: the
// records, the exact ledger writes they rest on, the raw blocks holding those
// transactions, the channel's configuration history from the genesis block,
// the chaincode definition in force, and attestations signed by the
// organisations' peers. Its size does not grow with the channel's height.
// evidence/package.schema.json describes it.

export const PACKAGE_FORMAT = 'notary-evidence-package/2' as const;

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
  /** The blocks holding the statements' transactions, and the as-of block. */
  blocks: PackageBlock[];
  /**
   * The genesis block and every configuration block after it up to the as-of
   * block, ascending: each configuration is verified under the one before it.
   */
  configBlocks: PackageBlock[];
  /** The package is complete as of this block: the newest block when it was exported (it is in `blocks`). */
  asOf: { blockNumber: string };
  /**
   * One per organisation that answered: an endorsed (never submitted)
   * Evidence:Attest proposal whose response lists every write of every
   * subject key, signed by that organisation's peer.
   */
  attestations: Attestation[];
  /**
   * The block of the newest VALID `_lifecycle` CommitChaincodeDefinition of
   * the chaincode at or before the newest packaged block: the definition the
   * packaged transactions were endorsed under (they read its Sequence key).
   */
  definitionBlock: DefinitionBlock;
  /**
   * Fabric writes only the fields of a definition that changed: when the
   * definition above did not write ValidationInfo (the endorsement policy), the
   * block of the lifecycle transaction that last wrote it (the definition
   * transaction read that version).
   */
  validationInfoBlock?: DefinitionBlock;
}

export interface Attestation {
  mspId: string;
  /** common.Envelope (base64) of the endorsed Evidence:Attest proposal. */
  envelope: string;
}

export interface DefinitionBlock extends PackageBlock {
  /** The `_lifecycle` transaction in that block. */
  txId: string;
}
