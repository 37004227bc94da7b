// Notes, descriptions and reasons leave the request on the way to the ledger
// (chaincode/src/domain/free-text.ts): the API picks a random salt, puts the
// code and the salted commitment into the transaction's arguments, and hands
// back the text with its salt for the deposit into the court/bureau collection,
// which travels as transient data and so never reaches a block.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { DEFAULT_TEXT_CODE, DomainError, textCommitmentDocument, validateNoteText, type JsonObject, type NoteDeposit } from '../chaincode/src/domain';
import { ApiError } from './errors';
import { LedgerError } from './ports/ledger-port';

/** One text field of a request: the text's name, and the code and commitment that replace it. */
export interface TextField {
  text: string;
  code: string;
  commitment: string;
}

export const TERMINATION_REASON: TextField = { text: 'reason', code: 'reasonCode', commitment: 'reasonCommitment' };
export const ARREARS_NOTE: TextField = { text: 'note', code: 'noteCode', commitment: 'noteCommitment' };
export const DISPUTE_DESCRIPTION: TextField = { text: 'description', code: 'descriptionCode', commitment: 'descriptionCommitment' };
export const TRANSITION_NOTE: TextField = { text: 'note', code: 'noteCode', commitment: 'noteCommitment' };

/** The chaincode's rules for the text itself, checked before anything is written: a deposit must not fail after its record committed. */
export function checkText(text: unknown, field: string): string {
  try {
    return validateNoteText(text, field);
  } catch (error) {
    if (error instanceof DomainError) throw Object.assign(new ApiError(400, 'INVALID_ARGUMENT', error.message, { field }), { cause: error });
    throw error;
  }
}

/**
 * The salt of one text of a request sent with an Idempotency-Key: derived from the key (HMAC-SHA256), so a resend
 * seals the text exactly as the first send did and its record, answered from the ledger, names the same commitment.
 * The key never reaches the ledger in clear; a client's keys must be random (a UUID), as they are its secret here.
 */
export const saltFromKey = (idempotencyKey: string, label: string): string =>
  createHmac('sha256', idempotencyKey).update(`notary-text-salt/1\n${label}`).digest('hex');

/** The text with its salt (fresh random 32 bytes unless given), and the commitment a record will carry. */
export function sealText(text: string, salt: string = randomBytes(32).toString('hex')): NoteDeposit {
  const note = { text, salt };
  return { commitment: createHash('sha256').update(textCommitmentDocument(note)).digest('hex'), note };
}

/**
 * The body as the chaincode takes it: without the text field, with the code
 * (the caller's, or OTHER when a text came without one) and the commitment;
 * and the deposit for the text, if there was one.
 */
export function withoutText<B extends object>(body: B, field: TextField, salt?: string): { body: Record<string, unknown>; deposit?: NoteDeposit } {
  const { [field.text]: text, ...rest } = body as Record<string, unknown>;
  if (text === undefined) return { body: rest };
  const deposit = sealText(checkText(text, field.text), salt);
  return { body: { ...rest, [field.code]: rest[field.code] ?? DEFAULT_TEXT_CODE, [field.commitment]: deposit.commitment }, deposit };
}

/** The transient "notes" of Notes:Deposit. */
export const depositTransient = (deposits: readonly NoteDeposit[]): Record<string, string> => ({
  notes: JSON.stringify(deposits.map((d) => ({ commitment: d.commitment, text: d.note.text, salt: d.note.salt }))),
});

/** The notes to resend with PUT /v1/notes/{commitment}: the writer has the text; the salt was the API's. */
export const pendingNotes = (deposits: readonly NoteDeposit[]) => deposits.map((d) => ({ commitment: d.commitment, salt: d.note.salt }));

/**
 * A deposit failed after its records committed: the error says so, names the
 * committed transactions and the notes to resend, and keeps the ledger's own
 * error (status, code, peers) and the cause.
 */
export function notesNotDeposited(e: unknown, committed: readonly { txId: string; blockNumber: string }[], deposits: readonly NoteDeposit[]): unknown {
  if (!(e instanceof LedgerError)) return e;
  const txs = committed.map((c) => c.txId).join(', ');
  return new LedgerError(
    e.kind,
    e.code,
    `${e.message} (the record committed in transaction ${txs}, but the text was not deposited: ` +
      'resend it with PUT /v1/notes/{commitment}, with the salt in details.notesNotDeposited)',
    {
      details: e.details,
      txId: e.txId,
      cause: e,
      domainDetails: <JsonObject>{
        ...(e.domainDetails ?? {}),
        committed: committed.map(({ txId, blockNumber }) => ({ txId, blockNumber })),
        notesNotDeposited: pendingNotes(deposits),
      },
    },
  );
}
