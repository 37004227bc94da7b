// Endorsed time: every org's chaincode refuses to endorse a write whose
// proposal timestamp is more than the tolerance (default 5 minutes) from its
// own clock, so a backdated or post-dated write needs a majority of orgs to
// collude. The proposals here are built by the client, their channel-header
// timestamp rewritten and re-signed with the client's own key, then sent for
// endorsement to each org alone. The HTTP API's non-custodial flow endorses
// only proposals it built itself.
import { hash, signers, type Gateway } from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProto, peer } from '@hyperledger/fabric-protos';
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import { ledgerErrorResponse } from '../../api/errors';
import { toLedgerError } from '../../gateway/errors';
import { errorCode, Caller } from './support/ledger';
import { description, session, type Session } from './support/clients';
import { issueTestKeys, startApi, type IssuedKeys, type TestApi } from './support/api';
import { COMPANY_1, contractInput, ownedId } from './support/fixtures';

const HB = 'HousingBureauMSP';
const desc = description();
const MSP_IDS = desc.orgs.map((o) => o.mspId);
const company1 = desc.orgs.find((o) => o.mspId === HB)!.identities.find((i) => i.name === 'company1')!;
const sign = signers.newPrivateKeySigner(createPrivateKey(fs.readFileSync(company1.privateKey)));
const HOUR_S = 3600;

let s: Session;
let regulator: Caller;
beforeAll(() => {
  s = session(HB, 'company1');
  regulator = new Caller(HB, 'regulator1');
});
afterAll(() => {
  s?.close();
  regulator?.close();
});

/**
 * The gateway.ProposedTransaction `bytes` with its channel-header timestamp
 * moved by `shiftSeconds` from now (the txId does not depend on it) and its
 * endorsing organisations set, and the client's signature over the new
 * proposal bytes.
 */
async function retimed(
  bytes: Uint8Array,
  shiftSeconds: number,
  endorsingOrgs: string[] = [],
): Promise<{ bytes: Uint8Array; signature: Uint8Array; txId: string }> {
  const proposed = gatewayProto.ProposedTransaction.deserializeBinary(bytes);
  const signed = proposed.getProposal()!;
  const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const ts = channelHeader.getTimestamp()!;
  ts.setSeconds(Math.floor(Date.now() / 1000) + shiftSeconds);
  ts.setNanos(0);
  channelHeader.setTimestamp(ts);
  header.setChannelHeader(channelHeader.serializeBinary());
  proposal.setHeader(header.serializeBinary());
  const proposalBytes = proposal.serializeBinary();
  signed.setProposalBytes(proposalBytes);
  signed.setSignature(new Uint8Array(0));
  proposed.setProposal(signed);
  proposed.setEndorsingOrganizationsList(endorsingOrgs);
  return { bytes: proposed.serializeBinary(), signature: await sign(hash.sha256(proposalBytes)), txId: channelHeader.getTxId() };
}

/** The timestamp written in a proposal's channel header, in epoch seconds. */
function timestampOf(bytes: Uint8Array): number {
  const signed = gatewayProto.ProposedTransaction.deserializeBinary(bytes).getProposal()!;
  const header = common.Header.deserializeBinary(peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8()).getHeader_asU8());
  return common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()).getTimestamp()!.getSeconds();
}

/** Every text of a refusal: the gateway's message and each peer's. */
async function refusal(
  gw: Gateway,
  p: { bytes: Uint8Array; signature: Uint8Array },
): Promise<{ texts: string[]; peers: { mspId: string; message: string }[]; error: unknown }> {
  try {
    await gw.newSignedProposal(p.bytes, p.signature).endorse();
  } catch (e) {
    const err = e as { message: string; details?: { mspId: string; message: string }[] };
    const peers = err.details ?? [];
    return { texts: [err.message, ...peers.map((d) => d.message)], peers, error: e };
  }
  throw new Error('the proposal was endorsed');
}

const registration = () => {
  const input = contractInput(ownedId('P'));
  const proposal = s.contract.newProposal('Register', { arguments: [JSON.stringify(input)] });
  return { input, bytes: proposal.getBytes(), txId: proposal.getTransactionId() };
};

describe('each org refuses a proposal timestamp outside its time window', () => {
  it.each([
    ['backdated by one hour', -HOUR_S],
    ['post-dated by one hour', HOUR_S],
  ])('%s: every org refuses on its own, naming the time window, and nothing is written', async (_name, shift) => {
    const { input, bytes, txId } = registration();
    for (const mspId of MSP_IDS) {
      const p = await retimed(bytes, shift, [mspId]);
      expect(p.txId).toBe(txId);
      expect(Math.abs(timestampOf(p.bytes) - (Date.now() / 1000 + shift))).toBeLessThan(60);
      const r = await refusal(s.gateway, p);
      expect(errorCode(r.error)).toBe('INVALID_ARGUMENT');
      expect(r.peers.length).toBeGreaterThan(0);
      for (const d of r.peers) {
        expect(d.mspId).toBe(mspId);
        expect(d.message).toContain('time window');
        expect(d.message).toContain('TIME_OUT_OF_WINDOW');
        expect(d.message).toContain(shift < 0 ? 'behind' : 'ahead of');
      }
      // Through the API this is a 400 keeping every peer's message.
      const { status, body } = ledgerErrorResponse(toLedgerError(r.error));
      expect(status).toBe(400);
      expect(body.error).toMatchObject({
        code: 'INVALID_ARGUMENT',
        details: { field: 'txTimestamp', reason: 'TIME_OUT_OF_WINDOW', toleranceMs: expect.any(Number) },
      });
      expect(body.error.message).toContain('time window');
      expect(body.error.peers?.map((d) => d.mspId)).toEqual(r.peers.map(() => mspId));
    }
    // Nor do all orgs together endorse it.
    const all = await refusal(s.gateway, await retimed(bytes, shift));
    expect(all.texts.join(' ')).toContain('time window');
    expect(await regulator.refusedRead('Contracts', 'Get', input.contractId)).toBe('NOT_FOUND');
  });

  it('the same proposal with the current time is endorsed by each org alone, and by a majority it commits', async () => {
    const { input, bytes, txId } = registration();
    // The refused version first: same txId.
    const old = await retimed(bytes, -HOUR_S, [MSP_IDS[0]!]);
    expect(old.txId).toBe(txId);
    await refusal(s.gateway, old);

    for (const mspId of MSP_IDS) {
      const p = await retimed(bytes, 0, [mspId]);
      const tx = await s.gateway.newSignedProposal(p.bytes, p.signature).endorse();
      expect(tx.getTransactionId()).toBe(txId);
    }
    // Within the tolerance (a minute behind) is fine as well; this one is submitted.
    const p = await retimed(bytes, -60);
    const submitted = await (await s.gateway.newSignedProposal(p.bytes, p.signature).endorse()).submit();
    const status = await submitted.getStatus();
    expect(status.successful).toBe(true);
    expect(status.transactionId).toBe(txId);
    const got = await regulator.evaluate<{ contract: { contractId: string } }>('Contracts', 'Get', input.contractId);
    expect(got.contract.contractId).toBe(input.contractId);
  });

  it('read-only queries are not time-checked (a backdated Get is answered)', async () => {
    const proposal = s.contract.newProposal('Get', { arguments: ['no-such-contract'] });
    const p = await retimed(proposal.getBytes(), -HOUR_S);
    // The chaincode's own answer (a company is refused a contract it does not reach, here one that does not exist), not a time refusal.
    await expect(s.gateway.newSignedProposal(p.bytes, p.signature).evaluate()).rejects.toMatchObject({
      details: expect.arrayContaining([
        expect.objectContaining({ message: expect.stringContaining(`[FORBIDDEN] contract ${COMPANY_1}:no-such-contract is not within`) }),
      ]),
    });
  });
});

describe('HTTP API: step 2 of /v1/signing endorses only proposals step 1 built', () => {
  let keys: IssuedKeys;
  let api: TestApi;
  const certificate = fs.readFileSync(company1.certificate, 'utf8');
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  beforeAll(async () => {
    keys = issueTestKeys();
    api = await startApi(keys);
  });
  afterAll(async () => {
    await api?.close();
    if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
  });

  it('refuses a proposal the client built itself (backdated or not) with 400, and nothing is written', async () => {
    const company = api.as('housingbureau-company1');
    for (const shift of [-HOUR_S, 0]) {
      const { input, bytes } = registration();
      const p = await retimed(bytes, shift);
      const r = await company.post('/v1/signing/endorsements', { certificate, proposal: b64(p.bytes), signature: b64(p.signature) });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'body/proposal' } });
      expect(r.body.error.message).toMatch(/not built by this server or has expired/);
      expect((await api.as('housingbureau-regulator1').get(`/v1/contracts/${input.contractId}`)).status).toBe(404);
    }
  });

  it('refuses a proposal step 1 built once its timestamp was changed, then endorses the one it built', async () => {
    const company = api.as('housingbureau-company1');
    const input = contractInput(ownedId('P'));
    const built = await company.post('/v1/signing/proposals', { certificate, contract: 'Contracts', fn: 'Register', args: [JSON.stringify(input)] });
    expect(built.status).toBe(200);
    const changed = await retimed(Buffer.from(built.body.proposal, 'base64'), -HOUR_S);
    expect(changed.txId).toBe(built.body.txId);
    const r = await company.post('/v1/signing/endorsements', { certificate, proposal: b64(changed.bytes), signature: b64(changed.signature) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_ARGUMENT');
    expect(r.body.error.message).toContain(built.body.txId);

    const signature = await sign(Buffer.from(built.body.digest, 'base64'));
    const ok = await company.post('/v1/signing/endorsements', { certificate, proposal: built.body.proposal, signature: b64(signature) });
    expect(ok.status).toBe(200);
    expect(ok.body.txId).toBe(built.body.txId);
    expect((await api.as('housingbureau-regulator1').get(`/v1/contracts/${input.contractId}`)).status).toBe(404);
  });
});
