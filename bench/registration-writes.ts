// What one contract registration writes: the keys of the notary's namespace in
// its committed transaction and their total size, read from the block it
// committed in. The baseline benchmarks size their trivial puts by it.
import type { Contract } from '@hyperledger/fabric-gateway';
import { decodeBlock, decodeEndorsedAction, decodeEnvelope } from '../evidence/verify/decode';
import type { Ledger } from '../gateway/ledger';
import { contractInput } from '../scripts/fixtures';

export interface RegistrationWrites {
  keys: number;
  bytes: number;
}

/** Registers one contract in `projectId` through `contracts` and reads back what its transaction wrote. */
export async function measureRegistrationWrites(contracts: Contract, ledger: Ledger, chaincode: string, projectId: string): Promise<RegistrationWrites> {
  const tx = await contracts.newProposal('Register', { arguments: [JSON.stringify(contractInput(projectId))] }).endorse();
  const commit = await tx.submit();
  const { blockNumber } = await commit.getStatus();
  const block = decodeBlock(await ledger.blockByNumber('HousingBureauMSP', 'company1', blockNumber), `block ${blockNumber}`);
  for (const [i, raw] of block.envelopes.entries()) {
    const env = decodeEnvelope(raw, `block ${blockNumber} tx ${i}`);
    if (env.channelHeader.txId !== commit.getTransactionId()) continue;
    const writes = decodeEndorsedAction(env, `tx ${env.channelHeader.txId}`).writes.get(chaincode) ?? [];
    return { keys: writes.length, bytes: writes.reduce((sum, w) => sum + w.value.length, 0) };
  }
  throw new Error(`transaction ${commit.getTransactionId()} not in block ${blockNumber}`);
}
