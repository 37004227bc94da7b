// Request bodies for the chaincode, with fresh IDs so tests never collide
// with earlier runs on a reused network.
import { createHash, randomBytes } from 'node:crypto';
import { ownerOfId, qualifiedId } from '../chaincode/src/domain/owned-ids';
import { DEMO_COMPANY_IDS } from '../network/topology';

/** The demo companies' USCCs (company1, company2): contract, dispute and project IDs live under them. */
export const COMPANY_1 = DEMO_COMPANY_IDS[0];
export const COMPANY_2 = DEMO_COMPANY_IDS[1];

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
export const newHash = () => sha256(randomBytes(32));
export const uniqueId = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
/** A fresh contract, dispute or project ID as the ledger spells it: in the owning company's namespace. */
export const ownedId = (prefix: string, company: string = COMPANY_1) => qualifiedId(company, uniqueId(prefix));

export function contractInput(projectId: string, overrides: Record<string, unknown> = {}) {
  return {
    // In the project's namespace; a short project (a company's own short ID) gets a short contract ID too.
    contractId: ownerOfId(projectId) === undefined ? uniqueId('HT') : ownedId('HT', ownerOfId(projectId)),
    projectId,
    unitId: uniqueId('U'),
    ownerCommitment: newHash(),
    documentSha256: newHash(),
    feeTerms: { monthlyFeeFen: 35_000, billingCycle: 'MONTHLY', dueDayOfMonth: 10 },
    termStart: '2024-01-01',
    termEnd: '2026-12-31',
    ...overrides,
  };
}
