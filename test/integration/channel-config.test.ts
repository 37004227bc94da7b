// A signed channel configuration update on the real network: the orderer's
// BatchTimeout changes when a majority of the orderer orgs' admins sign (each
// with its own MSP), and the orderer refuses the same update with fewer
// signatures, leaving the configuration as it was.
import { orderer } from '@hyperledger/fabric-protos';
import { adminMajority, batchTimeoutOf, ConfigUpdateError, fetchConfigBlock, setBatchTimeout, type ConfigBlock } from '../../network/native/config-update';
import { loadTopology } from '../../network/topology';
import { parseConfig } from '../../evidence/verify/config';
import { decodeBlock, decodeConfigEnvelope } from '../../evidence/verify/decode';

const t = loadTopology();
let original: ConfigBlock;
let changedTo: string;

/** The BatchTimeout and sequence read from the raw block with the evidence decoder, not configtxlator. */
function fromRaw(b: ConfigBlock): { number: bigint; sequence: bigint; batchTimeout: string } {
  const block = decodeBlock(b.raw, 'config block');
  const { config } = decodeConfigEnvelope(block, 'config block');
  const value = config.getChannelGroup()!.getGroupsMap().get('Orderer')!.getValuesMap().get('BatchTimeout')!.getValue_asU8();
  return {
    number: block.header.number,
    sequence: parseConfig(config).sequence,
    batchTimeout: orderer.BatchTimeout.deserializeBinary(value).getTimeout(),
  };
}

/** Nothing changed: same config block, same sequence, same BatchTimeout. */
async function expectUnchanged(before: ConfigBlock): Promise<void> {
  const now = await fetchConfigBlock(t, 'lawfirmb');
  expect(now.blockNumber).toBe(before.blockNumber);
  expect(now.sequence).toBe(before.sequence);
  expect(batchTimeoutOf(now.config)).toBe(batchTimeoutOf(before.config));
  expect(Buffer.from(now.raw).equals(Buffer.from(before.raw))).toBe(true);
}

beforeAll(async () => {
  original = await fetchConfigBlock(t);
  changedTo = batchTimeoutOf(original.config) === '1s' ? '2s' : '1s';
});

afterAll(async () => {
  // Restore the original value, signed by another majority (any two of the three orderer orgs will do).
  const now = await fetchConfigBlock(t);
  if (batchTimeoutOf(now.config) !== batchTimeoutOf(original.config)) {
    const r = await setBatchTimeout(t, batchTimeoutOf(original.config), { signers: ['housingbureau', 'lawfirma'] });
    expect(batchTimeoutOf(r.after.config)).toBe(batchTimeoutOf(original.config));
  }
});

describe('channel configuration update', () => {
  it('the orderer group needs a majority of the three orderer orgs: two admins', () => {
    expect(adminMajority(t, 'Orderer').map((o) => o.mspId)).toEqual(['CourtMSP', 'HousingBureauMSP']);
    expect(adminMajority(t, 'Application')).toHaveLength(3);
  });

  it('changes the batch timeout with the signatures of a majority of the orderer orgs’ admins', async () => {
    const r = await setBatchTimeout(t, changedTo);
    expect(r.signedBy).toEqual(['CourtMSP', 'HousingBureauMSP']);
    expect(r.before).toEqual({ blockNumber: original.blockNumber, sequence: original.sequence });

    // Fetched again, by an org that took no part, from the orderer.
    const newest = await fetchConfigBlock(t, 'lawfirmb');
    expect(batchTimeoutOf(newest.config)).toBe(changedTo);
    expect(newest.sequence).toBe(original.sequence + 1);
    expect(newest.blockNumber).toBeGreaterThan(original.blockNumber);
    expect(newest.blockNumber).toBe(r.after.blockNumber);

    const raw = fromRaw(newest);
    expect(raw).toEqual({ number: BigInt(newest.blockNumber), sequence: BigInt(original.sequence + 1), batchTimeout: changedTo });
    expect(fromRaw(original).batchTimeout).toBe(batchTimeoutOf(original.config));
  });

  it('refuses an update signed by only one orderer org admin, and nothing changes', async () => {
    const before = await fetchConfigBlock(t);
    const attempt = setBatchTimeout(t, '3s', { signers: ['court'] });
    await expect(attempt).rejects.toThrow(ConfigUpdateError);
    await expect(attempt).rejects.toThrow(/policy .*BatchTimeout not satisfied.*requires 2 of the 'Admins' sub-policies/);
    await expectUnchanged(before);
  });

  it('refuses an update whose second signature comes from an org that runs no orderer', async () => {
    const before = await fetchConfigBlock(t);
    await expect(setBatchTimeout(t, '3s', { signers: ['lawfirmb', 'lawfirma'] })).rejects.toThrow(/1 sub-policies were satisfied/);
    await expectUnchanged(before);
  });

  it('refuses a duration the orderer could not read, and an update that changes nothing, before signing', async () => {
    await expect(setBatchTimeout(t, 'soon')).rejects.toThrow(/not a positive duration/);
    await expect(setBatchTimeout(t, '0s')).rejects.toThrow(/not a positive duration/);
    const before = await fetchConfigBlock(t);
    await expect(setBatchTimeout(t, batchTimeoutOf(before.config))).rejects.toThrow(/nothing to update/);
    await expectUnchanged(before);
  });
});
