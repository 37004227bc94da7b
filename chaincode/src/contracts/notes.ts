// The clear text of notes, descriptions and reasons (domain/free-text.ts): the
// shared records hold a code and a salted commitment; the text itself is
// deposited here, as transient data, into the court's and the housing
// bureau's private collection, under its commitment.
import { createHash } from 'node:crypto';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { NotaryContract } from '../ledger/endorsed-time';
import {
  authorize,
  canonicalJson,
  DomainError,
  NOTE_COLLECTION,
  ownsCompanyRecord,
  parseJsonObject,
  sha256Hex,
  textCommitmentDocument,
  validateNoteDeposits,
  validateTextNote,
  type StoredNote,
} from '../domain';
import { actorOf } from '../ledger/context';
import { guarded } from '../ledger/guard';
import { answer } from '../ledger/records';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

@Info({ title: 'Notes', description: 'Clear text of notes, kept in the court/bureau private collection under its commitment' })
export class NotesContract extends NotaryContract {
  constructor() {
    super('Notes');
  }

  /**
   * Deposits the transient "notes" ([{ commitment, text, salt }]). Each text
   * must hash to its commitment, so nothing else can sit under a commitment a
   * record names. Writes nothing public: only the collection's policy (court
   * and bureau endorse) applies, and blocks carry only the private write's hash.
   * A commitment already deposited keeps what it holds.
   */
  @Transaction()
  @Returns('string')
  async Deposit(ctx: Context): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'depositCaseNote');
      const transient = ctx.stub.getTransient().get('notes');
      if (!transient) throw new DomainError('INVALID_ARGUMENT', 'notes must come as transient data "notes"', { field: 'notes' });
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(transient).toString('utf8'));
      } catch (e) {
        throw new DomainError('INVALID_ARGUMENT', `notes: not JSON (${(e as Error).message})`, { field: 'notes' });
      }
      const deposits = validateNoteDeposits(parsed);
      const commitments: string[] = [];
      for (const [i, { commitment, note }] of deposits.entries()) {
        if (sha256(textCommitmentDocument(note)) !== commitment) {
          throw new DomainError('INVALID_ARGUMENT', `notes[${i}]: text and salt do not match the commitment`, { field: `notes[${i}]` });
        }
        commitments.push(commitment);
        // A note already there keeps its bytes (and the company that deposited it), but is written again all
        // the same: a transaction that only read the collection would fall under the chaincode's 3-of-4 policy,
        // which the collection's two member orgs, the only ones given transient data, cannot meet.
        const existing = await ctx.stub.getPrivateData(NOTE_COLLECTION, commitment);
        const stored: StoredNote = { commitment, ...note, companyId: actor.companyId ?? null };
        const bytes = existing && existing.length > 0 ? existing : Buffer.from(canonicalJson(stored));
        await ctx.stub.putPrivateData(NOTE_COLLECTION, commitment, bytes);
      }
      return answer(ctx, { collection: NOTE_COLLECTION, commitments });
    });
  }

  /** The clear text under a commitment: court and bureau; a company only what it deposited itself. */
  @Transaction(false)
  @Returns('string')
  async Get(ctx: Context, commitment: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readCaseNote');
      const key = sha256Hex(commitment, 'commitment');
      const bytes = await ctx.stub.getPrivateData(NOTE_COLLECTION, key);
      if (!bytes || bytes.length === 0) throw new DomainError('NOT_FOUND', `no note deposited under ${key}`, { commitment: key });
      const stored = parseJsonObject(Buffer.from(bytes).toString('utf8')) as unknown as StoredNote;
      if (!ownsCompanyRecord(actor, { companyId: stored.companyId ?? '' })) {
        throw new DomainError('FORBIDDEN', 'the note was not deposited by this company', { commitment: key });
      }
      const note = validateTextNote({ text: stored.text, salt: stored.salt });
      return answer(ctx, { commitment: key, ...note });
    });
  }
}
