// What the chaincode answers, as far as the API reads it. Records are owned by
// the chaincode (chaincode/README.md); the API passes them through and names
// only the fields it uses.
export type Rec = Record<string, unknown>;

/** Every write of a record, with the transaction that made it. */
export interface Writes {
  writes: (Rec & { txId: string })[];
}

export interface ContractWritten {
  contract: Rec;
}
export interface OwnerDeposited {
  contractId: string;
  collection: string;
}
/** The owner's clear identity, from the court/bureau private collection. */
export interface OwnerRead {
  contractId: string;
  owner: { name: string; phone: string; idNumber: string; salt: string };
  ownerCommitment: string;
}
/** Texts deposited into the court/bureau collection, by commitment. */
export interface NotesDeposited {
  collection: string;
  commitments: string[];
}
/** A note's clear text and salt, read back from the collection. */
export interface NoteRead {
  commitment: string;
  text: string;
  salt: string;
}
/** One RegisterBatch transaction: its contracts' IDs as the ledger spells them (`<USCC>:<id>`), in order. */
export interface ContractsRegistered {
  count: number;
  contractIds: string[];
}
export interface ContractHistory extends Writes {
  contract: Rec & { contractId: string };
  versions: Rec[];
  [k: string]: unknown;
}
export interface ContractsPage {
  contracts: Rec[];
  bookmark: string;
  [k: string]: unknown;
}

export interface ArrearsWritten {
  event: Rec;
}
/** One RecordBatch transaction: the projects its events belong to. */
export interface ArrearsBatchWritten {
  projectIds: string[];
}
export interface ArrearsOfContract {
  contractId: string;
  events: Rec[];
  balances: Rec[];
  [k: string]: unknown;
}
export interface ThresholdWritten {
  threshold: Rec;
}
export interface RiskEvaluation {
  projectId: string;
  at: string;
  ratio: Rec;
  thresholdBp: number | null;
  atRisk: boolean;
  warning: Rec | null;
}
export interface RiskWarnings {
  projectId: string;
  warnings: Rec[];
  [k: string]: unknown;
}

export interface DisputeMoved {
  dispute: Rec;
  transition: Rec;
}
export interface DisputeRead {
  dispute: Rec;
  [k: string]: unknown;
}
export interface DisputeHistory extends Writes {
  dispute: Rec & { disputeId: string; contractId: string };
  transitions: Rec[];
  [k: string]: unknown;
}
export interface DisputesPage {
  disputes: Rec[];
  bookmark: string;
  [k: string]: unknown;
}
export interface Funnel {
  projectId: string;
  funnel: Rec;
  [k: string]: unknown;
}

export interface LetterSent {
  letter: Rec;
  dispute: Rec;
  transition: Rec;
}
export interface ReceiptRecorded {
  receipt: Rec;
  dispute: Rec;
  transition: Rec;
}
export interface LetterRead {
  letter: Rec;
  receipts: Rec[];
  [k: string]: unknown;
}
export interface LettersOfDispute {
  letters: { letter: Rec & { txId: string }; receipts: (Rec & { txId: string })[] }[];
  [k: string]: unknown;
}

export interface DocumentAnchors {
  sha256: string;
  anchors: Rec[];
  [k: string]: unknown;
}

/** A page request: both optional; the chaincode applies its default size and starts at the first page. */
export interface PageRequest {
  pageSize?: string;
  bookmark?: string;
}
