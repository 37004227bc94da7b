import { createHash } from 'node:crypto';
import {
  ARREARS_NOTE_CODES,
  DISPUTE_DESCRIPTION_CODES,
  MAX_NOTE_LENGTH,
  MAX_NOTES_PER_DEPOSIT,
  TERMINATION_REASON_CODES,
  TRANSITION_NOTE_CODES,
  textCommitmentDocument,
  validateNoteDeposits,
  validateTextNote,
} from '../../../chaincode/src/domain';
import { H1, H2, expectCode } from './fixtures';

describe('free text off the shared ledger', () => {
  it('every code list has OTHER, for a text that fits no code', () => {
    for (const codes of [TERMINATION_REASON_CODES, ARREARS_NOTE_CODES, DISPUTE_DESCRIPTION_CODES, TRANSITION_NOTE_CODES]) {
      expect(codes).toContain('OTHER');
    }
  });

  it('commits to the text with its salt: canonical JSON with sorted keys', () => {
    const note = { text: '王小明 北京市朝阳区幸福路88号 13912345678', salt: H1 };
    expect(textCommitmentDocument(note)).toBe(`{"salt":"${H1}","text":"王小明 北京市朝阳区幸福路88号 13912345678"}`);
    // Another salt, another commitment: the same short text cannot be recognised across records.
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(sha(textCommitmentDocument({ ...note, salt: H2 }))).not.toBe(sha(textCommitmentDocument(note)));
  });

  it('keeps personal data in the text (it goes only to the private collection), refuses what no text should hold', () => {
    expect(validateTextNote({ text: '业主 13912345678\n\t', salt: H1 })).toEqual({ text: '业主 13912345678\n\t', salt: H1 });
    expectCode(() => validateTextNote({ text: ' ', salt: H1 }), 'INVALID_ARGUMENT', 'note.text');
    expectCode(() => validateTextNote({ text: 'x'.repeat(MAX_NOTE_LENGTH + 1), salt: H1 }), 'INVALID_ARGUMENT', 'note.text');
    expectCode(() => validateTextNote({ text: 'bell\u0007', salt: H1 }), 'INVALID_ARGUMENT', 'note.text');
    expectCode(() => validateTextNote({ text: 'ok', salt: 'short' }), 'INVALID_ARGUMENT', 'note.salt');
    expectCode(() => validateTextNote({ text: 'ok', salt: H1, name: '王小明' }), 'INVALID_ARGUMENT', 'note.name');
  });

  it('takes deposits as a bounded list of commitment, text and salt', () => {
    expect(validateNoteDeposits([{ commitment: H2, text: 'a', salt: H1 }])).toEqual([{ commitment: H2, note: { text: 'a', salt: H1 } }]);
    expectCode(() => validateNoteDeposits([]), 'INVALID_ARGUMENT', 'notes');
    expectCode(() => validateNoteDeposits([{ commitment: 'x', text: 'a', salt: H1 }]), 'INVALID_ARGUMENT', 'notes[0].commitment');
    const many = Array.from({ length: MAX_NOTES_PER_DEPOSIT + 1 }, () => ({ commitment: H2, text: 'a', salt: H1 }));
    expectCode(() => validateNoteDeposits(many), 'INVALID_ARGUMENT', 'notes');
  });
});
