// Request bodies for the chaincode, with fresh IDs so tests never collide
// with earlier runs on a reused network.
import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
export const newHash = () => sha256(randomBytes(32));
export const uniqueId = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

export function contractInput(projectId: string, overrides: Record<string, unknown> = {}) {
  return {
    contractId: uniqueId('HT'),
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
