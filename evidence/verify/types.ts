import type { TrustBundle } from '../trust/bundle-format';
// What the offline verifier answers: every check it ran, in order, the first
// that failed, and the facts a judge reads off a package that verifies.

/** The kinds of check, in the order they run (see titles.ts for their names). */
export const CHECK_IDS = [
  'package.format',
  'trust.anchor',
  'config.genesis',
  'config.update',
  'block.decode',
  'block.dataHash',
  'block.config',
  'orderer.signature',
  'orderer.policy',
  'tx.located',
  'tx.validation',
  'tx.creator',
  'endorsement.binding',
  'endorsement.signature',
  'endorsement.policy',
  'definition.policy',
  'statement.key',
  'statement.write',
  'attestation.signature',
  'attestation.quorum',
  'completeness',
  'records.consistent',
  'documents.anchored',
  'document.match',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface Check {
  id: CheckId;
  /** English title of the kind of check (CHECK_TITLES[id]); CHECK_TITLES_ZH has the Chinese one. */
  title: string;
  ok: boolean;
  /** What was checked and found, naming the block, transaction, signer or record. */
  detail: string;
  txId?: string;
  blockNumber?: string;
}

export interface DocumentInput {
  name: string;
  bytes: Uint8Array;
}

export interface VerifyOptions {
  /**
   * The trust bundle the court publishes (genesis header hash, CA
   * fingerprints). Without it no package verifies: it would be checked only
   * against roots it carries itself.
   */
  trust?: TrustBundle;
  /** Files to match against the package's anchored document hashes. */
  documents?: DocumentInput[];
}

/** An identity as its certificate and the channel configuration show it. */
export interface IdentityFact {
  mspId: string;
  /** Certificate subject, e.g. "CN=judge1, OU=client, O=Hyperledger, …". */
  subject: string;
  commonName: string;
  /** NodeOU roles: client, peer, admin, orderer. */
  roles: string[];
  /** Fabric CA attributes from the certificate (e.g. role=judge), when present. */
  attributes: Record<string, string>;
  certificateSha256: string;
}

export interface TransactionFact {
  txId: string;
  blockNumber: string;
  txIndex: number;
  /** The creator's timestamp in the channel header (ISO 8601). */
  timestamp: string;
  validationCode: string;
  /** Contract and function invoked, e.g. "Letters:Send". */
  function: string;
  creator?: IdentityFact;
  endorsers: IdentityFact[];
  /** MSP IDs whose peers endorsed with a valid signature. */
  endorsingOrgs: string[];
  /** The statements this transaction backs ("recordType recordId"). */
  records: string[];
}

export interface DocumentFact {
  sha256: string;
  /** The name of the file given for it, when one matched. */
  file?: string;
  anchors: { recordType: string; recordId: string; txId: string; blockNumber?: string; at?: string; by?: unknown; creator?: IdentityFact }[];
}

export interface Facts {
  format?: string;
  kind?: string;
  subject?: string;
  channel?: string;
  chaincode?: string;
  /** When the package says it was exported: written by the exporter, not verifiable. */
  exportedAt?: string;
  /** The trust bundle the package was checked against, and whether it ties to it. */
  trust?: {
    issuer: string;
    /** trustBundleHash of the bundle. */
    bundleHash: string;
    genesisHeaderHash: string;
    /** True when the package's genesis block and CA certificates are the bundle's. */
    anchored: boolean;
  };
  /** The package is complete as of this block, and the time the organisations attested it. */
  asOf?: { blockNumber: string; attestedAt?: string; attestingOrgs: string[] };
  /** Every configuration of the package, genesis first, with what changed and who signed. */
  configHistory: { number: string; sequence: string; signers: string[]; changes: string[] }[];
  /** The newest configuration block of the package. */
  configBlock?: { number: string; sequence: string };
  /** What the package's genesis configuration holds (compare with the trust bundle). */
  trustAnchors?: {
    /** SHA-256 of the genesis block header (BlockHeaderBytes), hex. */
    genesisBlockHeaderHash?: string;
    rootCertificates: { mspId: string; subject: string; sha256: string }[];
  };
  orgs: { mspId: string; groups: string[]; nodeOUs: boolean }[];
  policies: {
    endorsement?: string;
    blockValidation?: string;
    /** Whether the package proves the chaincode definition in force references the endorsement policy (false: no definitionBlock, or it failed). */
    definitionProven?: boolean;
    /** Packaged transactions endorsed under an earlier chaincode definition than the one proven. */
    endorsedUnderEarlierDefinition?: string[];
    /** The proven definition, for people. */
    definition?: string;
  };
  blocks: { number: string; lastConfig?: string; signers: IdentityFact[] }[];
  transactions: TransactionFact[];
  documents: DocumentFact[];
  /** Each document given to the verifier, with the hash computed and whether it matched. */
  providedDocuments: { name: string; sha256: string; matched: boolean }[];
}

export interface VerifyResult {
  ok: boolean;
  checks: Check[];
  firstFailure?: Check;
  facts: Facts;
}
