import type { EvidencePackage } from '../../../evidence/format';
import { timelineOf } from '../../../evidence/timeline';

const company = { mspId: 'HousingBureauMSP', role: 'property-company' };
const transition = (seq: number, action: string, to: string, at: string, lawFirmMspId: string | null) => ({
  seq,
  action,
  from: seq === 1 ? null : to,
  to,
  at,
  by: company,
  caseNumber: null,
  documentHashes: [],
  lawFirmMspId,
});

describe('timelineOf', () => {
  it('tells a re-assignment of the law firm, even while the letter stages are told by the letters', () => {
    const records = {
      dispute: {
        transitions: [
          transition(1, 'openDispute', 'OPENED', '2026-01-01T00:00:00.000Z', 'LawFirmAMSP'),
          transition(2, 'sendLetter', 'LETTER_SENT', '2026-01-02T00:00:00.000Z', null),
          transition(3, 'reassignLawFirm', 'LETTER_SENT', '2026-01-03T00:00:00.000Z', 'LawFirmBMSP'),
        ],
        writes: [3].map((version) => ({ txId: `tx${version}`, value: { version } })),
      },
    };
    const entries = timelineOf({ records } as unknown as EvidencePackage);
    expect(entries.map((e) => e.en)).toEqual(['dispute opened', 'law firm retained changed to LawFirmBMSP']);
    expect(entries[1]).toMatchObject({ zh: '改为委托 律所B（LawFirmBMSP）', at: '2026-01-03T00:00:00.000Z', txId: 'tx3' });
  });
});
