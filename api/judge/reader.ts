// The identity the server reads its own ledger with on the judge's behalf: the
// court's judge (judge1) from the network description, which may read every
// record of a dispute; failing that, any court identity that is not an admin.
import type { LedgerPort } from '../ports/ledger-port';
import type { LedgerReader } from './verify';

export function courtReader(ledger: LedgerPort): LedgerReader | undefined {
  const orgs = ledger.description.orgs;
  for (const org of orgs) {
    const judge = org.identities.find((i) => i.name === 'judge1') ?? org.identities.find((i) => i.role === 'judge');
    if (judge) return { ledger, mspId: org.mspId, identity: judge.name };
  }
  const court = orgs.find((o) => o.mspId === 'CourtMSP');
  const other = court?.identities.find((i) => i.role !== 'admin');
  return court && other ? { ledger, mspId: court.mspId, identity: other.name } : undefined;
}
