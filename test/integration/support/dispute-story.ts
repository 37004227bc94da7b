// A short dispute written straight through the gateway: contract, arrears,
// opening, a letter with its receipts, mediation. `midway` runs between the
// opening and the letter (e.g. a channel configuration update), so the
// dispute's transactions fall on both sides of it.
import { randomBytes } from 'node:crypto';
import type { Ledger } from '../../../gateway/ledger';
import { contractInput, newHash, ownedId, uniqueId } from './fixtures';

export interface DisputeStory {
  disputeId: string;
  contractId: string;
  projectId: string;
  /** Block of each write, in order. */
  blocks: number[];
}

export async function writeDispute(ledger: Ledger, { midway }: { midway?: () => Promise<void> } = {}): Promise<DisputeStory> {
  const blocks: number[] = [];
  const submit = async (mspId: string, who: string, contract: string, fn: string, body: unknown) => {
    const out = await ledger.submit<unknown>(mspId, who, { contract, fn, args: [typeof body === 'string' ? body : JSON.stringify(body)] });
    blocks.push(Number(out.blockNumber));
    return out;
  };
  const projectId = ownedId('P-TRUST');
  const c = contractInput(projectId);
  await submit('HousingBureauMSP', 'company1', 'Contracts', 'Register', c);
  await submit('HousingBureauMSP', 'company1', 'Arrears', 'Record', {
    eventId: uniqueId('E'),
    contractId: c.contractId,
    type: 'billed',
    period: '2024-05',
    amountFen: 35_000,
  });
  const disputeId = ownedId('D-TRUST');
  await submit('HousingBureauMSP', 'company1', 'Disputes', 'Open', {
    disputeId,
    contractId: c.contractId,
    lawFirmMspId: 'LawFirmAMSP',
    claimedAmountFen: 35_000,
    periods: ['2024-05'],
  });
  if (midway) await midway();
  const letterId = uniqueId('L');
  await submit('LawFirmAMSP', 'lawyer1', 'Letters', 'Send', {
    letterId,
    disputeId,
    contentSha256: newHash(),
    channel: 'SMS',
    recipientCommitment: newHash(),
    eventTime: new Date().toISOString(),
  });
  await submit('LawFirmAMSP', 'lawyer1', 'Letters', 'Receipt', {
    receiptId: uniqueId('R'),
    letterId,
    disputeId,
    kind: 'DELIVERED',
    evidenceSha256: newHash(),
    eventTime: new Date().toISOString(),
  });
  await submit('CourtMSP', 'judge1', 'Disputes', 'Transition', { disputeId, action: 'referToMediation', documentHashes: [] });
  await submit('CourtMSP', 'mediator1', 'Disputes', 'Transition', {
    disputeId,
    action: 'recordMediation',
    to: 'MEDIATED_SETTLED',
    documentHashes: [randomBytes(32).toString('hex')],
  });
  return { disputeId, contractId: c.contractId, projectId, blocks };
}
