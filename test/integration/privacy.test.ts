// Owners' personal data (PIPL): the shared ledger holds salted commitments;
// clear data lives only in the court's and the housing bureau's private
// collection. After the scenario, no byte of any block names an owner.
import { randomBytes, randomInt } from 'node:crypto';
import { canonicalJson } from '../../chaincode/src/domain';
import { Caller } from './support/ledger';
import { contractInput, ownedId, sha256 } from './support/fixtures';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function residentId(): string {
  const body =
    `110105${1950 + randomInt(50)}${String(1 + randomInt(12)).padStart(2, '0')}` +
    `${String(1 + randomInt(28)).padStart(2, '0')}${String(randomInt(1000)).padStart(3, '0')}`;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11]!;
}

const owners = Array.from({ length: 3 }, (_, i) => ({
  name: `测试业主${['甲', '乙', '丙'][i]}${randomBytes(2).toString('hex')}`,
  phone: `139${String(randomInt(100_000_000)).padStart(8, '0')}`,
  idNumber: residentId(),
  salt: randomBytes(32).toString('hex'),
}));
const commitment = (o: (typeof owners)[number]) => sha256(canonicalJson(o));

let company: Caller, judge: Caller, regulator: Caller, lawyer: Caller;
const contractIds: string[] = [];

beforeAll(async () => {
  company = new Caller('HousingBureauMSP', 'company1');
  judge = new Caller('CourtMSP', 'judge1');
  regulator = new Caller('HousingBureauMSP', 'regulator1');
  lawyer = new Caller('LawFirmAMSP', 'lawyer1');
  for (const o of owners) {
    const input = contractInput(ownedId('P'), { ownerCommitment: commitment(o) });
    await company.submit('Contracts', 'Register', input);
    contractIds.push(input.contractId);
  }
});

afterAll(() => [company, judge, regulator, lawyer].forEach((c) => c.close()));

describe('owner data in the private collection', () => {
  it('is deposited by the company only when it matches the commitment', async () => {
    const [a, b] = owners;
    expect(await company.refusedPrivate('Contracts', 'DepositOwner', [contractIds[0]], { owner: { ...a, phone: b!.phone } })).toBe('INVALID_ARGUMENT');
    expect(await company.refusedPrivate('Contracts', 'DepositOwner', [contractIds[0]], {})).toBe('INVALID_ARGUMENT');
    for (const [i, o] of owners.entries()) {
      await company.submitPrivate('Contracts', 'DepositOwner', [contractIds[i]], { owner: o });
    }
  });

  it('is readable by the court and the bureau, and checks against the commitment', async () => {
    for (const reader of [judge, regulator, company]) {
      const got = await reader.evaluate<{ owner: unknown; ownerCommitment: string }>('Contracts', 'GetOwner', contractIds[0]);
      expect(got.owner).toEqual(owners[0]);
      expect(sha256(canonicalJson(got.owner))).toBe(got.ownerCommitment);
    }
  });

  it('is refused to a law firm', async () => {
    expect(await lawyer.refusedRead('Contracts', 'GetOwner', contractIds[0])).toBe('FORBIDDEN');
  });
});

describe('every block of the channel', () => {
  it('contains no owner name, phone, ID number or salt, though it holds their commitments', async () => {
    const qscc = company.network.getContract('qscc');
    const info = await qscc.evaluateTransaction('GetChainInfo', 'notary');
    const { common } = await import('@hyperledger/fabric-protos');
    const height = common.BlockchainInfo.deserializeBinary(info).getHeight();
    const blocks: Buffer[] = [];
    for (let n = 0; n < height; n++) {
      blocks.push(Buffer.from(await qscc.evaluateTransaction('GetBlockByNumber', 'notary', String(n))));
    }
    const all = Buffer.concat(blocks);
    const secrets = owners.flatMap((o) => [o.name, o.phone, o.idNumber, o.salt]);
    expect(secrets.filter((s) => all.includes(Buffer.from(s, 'utf8')))).toEqual([]);
    // The scan can see what is there: every commitment is in some block.
    expect(owners.map(commitment).filter((c) => !all.includes(Buffer.from(c, 'utf8')))).toEqual([]);
  });
});
