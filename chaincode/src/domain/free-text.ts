// Free text never reaches the shared ledger. A block holds the transaction's
// arguments, its write set and its event, and every organisation keeps every
// block (and evidence packages ship them), so a name or an address typed into
// a note would be copied everywhere for good. What people write as notes,
// descriptions and reasons is therefore split in two:
// - on the shared ledger, an enumerated code per field (the list below, with
//   OTHER) and a salted commitment: SHA-256 of textCommitmentDocument({text, salt});
// - the clear text, sent as transient data, only in the court's and the housing
//   bureau's private collection, keyed by that commitment.
// The salt (32 random bytes, chosen by the API) keeps a short text such as a
// name from being found by hashing guesses.
import { canonicalJson } from './canonical-json';
import { invalidArgument } from './errors';
import { oneOf, requireFields, sha256Hex, type Fields } from './fields';

/** Court and housing bureau only; separate from the owners' identities so each has its own purpose. */
export const NOTE_COLLECTION = 'caseNotes';
/** Clear text kept in the collection: the longest note the API accepts. */
export const MAX_NOTE_LENGTH = 1000;
/** Notes one deposit transaction may carry (one per arrears event of a batch transaction). */
export const MAX_NOTES_PER_DEPOSIT = 500;

export const TERMINATION_REASON_CODES = [
  'TERM_EXPIRED',
  'MUTUAL_AGREEMENT',
  'OWNERS_ASSEMBLY_DECISION',
  'COMPANY_BREACH',
  'OWNER_BREACH',
  'PROPERTY_TRANSFERRED',
  'OTHER',
] as const;
export type TerminationReasonCode = (typeof TERMINATION_REASON_CODES)[number];

export const ARREARS_NOTE_CODES = ['PAYMENT_PLAN', 'PARTIAL_PAYMENT', 'HARDSHIP', 'BILLING_CORRECTION', 'SERVICE_COMPLAINT', 'OTHER'] as const;
export type ArrearsNoteCode = (typeof ARREARS_NOTE_CODES)[number];

export const DISPUTE_DESCRIPTION_CODES = ['UNPAID_FEES', 'FEE_AMOUNT', 'SERVICE_QUALITY', 'REPAIRS', 'COMMON_AREA_INCOME', 'OTHER'] as const;
export type DisputeDescriptionCode = (typeof DISPUTE_DESCRIPTION_CODES)[number];

export const TRANSITION_NOTE_CODES = ['PARTIES_AGREED', 'PARTY_ABSENT', 'PARTY_REFUSED', 'DOCUMENTS_INCOMPLETE', 'REFERRED', 'OTHER'] as const;
export type TransitionNoteCode = (typeof TRANSITION_NOTE_CODES)[number];

/** The code a text gets when its writer gave none. */
export const DEFAULT_TEXT_CODE = 'OTHER';

/** What the clear text is committed with; its canonical JSON is hashed. */
export interface TextNote {
  readonly text: string;
  /** 32 random bytes as hex. */
  readonly salt: string;
}

/** The exact bytes whose SHA-256 is a record's text commitment. */
export function textCommitmentDocument(note: TextNote): string {
  return canonicalJson({ salt: note.salt, text: note.text });
}

/**
 * The clear text: bounded, no control characters but newline and tab. No PII
 * scan: it goes only into the court/bureau collection, which is where personal
 * data may be kept, and a note may well have to name a person.
 */
export function validateNoteText(text: unknown, field: string): string {
  if (typeof text !== 'string' || text.trim().length === 0) throw invalidArgument(field, 'must be non-empty text');
  if (text.length > MAX_NOTE_LENGTH) throw invalidArgument(field, `must be at most ${MAX_NOTE_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex -- the point of the check: control characters are refused
  if (/[\u0000-\u0008\u000B-\u001F\u007F]/.test(text)) throw invalidArgument(field, 'contains control characters');
  return text;
}

/** A note with its salt, as deposited and as read back. */
export function validateTextNote(input: unknown, field = 'note'): TextNote {
  const f = requireFields(input, ['text', 'salt'], field);
  return { text: validateNoteText(f.text, `${field}.text`), salt: sha256Hex(f.salt, `${field}.salt`) };
}

/**
 * A record's public part of one text field: the code and, when a text was
 * written, its commitment. A commitment without a code is refused, so every
 * record that has a text also says what kind of text it is.
 */
export function textReference<C extends string, K extends string, M extends string>(
  f: Fields,
  codeField: K,
  commitmentField: M,
  codes: readonly C[],
): Partial<Record<K, C> & Record<M, string>> {
  const code = f[codeField] === undefined ? undefined : oneOf(f[codeField], codeField, codes);
  const commitment = f[commitmentField] === undefined ? undefined : sha256Hex(f[commitmentField], commitmentField);
  if (commitment !== undefined && code === undefined) throw invalidArgument(codeField, `is required with ${commitmentField}`);
  return {
    ...(code === undefined ? {} : { [codeField]: code }),
    ...(commitment === undefined ? {} : { [commitmentField]: commitment }),
  } as Partial<Record<K, C> & Record<M, string>>;
}

/** One note of a deposit: the commitment it must hash to, and the text with its salt. */
export interface NoteDeposit {
  readonly commitment: string;
  readonly note: TextNote;
}

/** The deposit's transient "notes": a non-empty list of { commitment, text, salt }. */
export function validateNoteDeposits(input: unknown): NoteDeposit[] {
  if (!Array.isArray(input) || input.length === 0) throw invalidArgument('notes', 'must be a non-empty array');
  if (input.length > MAX_NOTES_PER_DEPOSIT) throw invalidArgument('notes', `at most ${MAX_NOTES_PER_DEPOSIT} per deposit`);
  return input.map((item: unknown, i) => {
    const f = requireFields(item, ['commitment', 'text', 'salt'], `notes[${i}]`);
    return {
      commitment: sha256Hex(f.commitment, `notes[${i}].commitment`),
      note: validateTextNote({ text: f.text, salt: f.salt }, `notes[${i}]`),
    };
  });
}

/** What the collection holds under a commitment: the note and the company it concerns (null for none). */
export interface StoredNote extends TextNote {
  readonly commitment: string;
  readonly companyId: string | null;
}
