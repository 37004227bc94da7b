// Evidence:Attest through Ledger.attest: each application org's peer endorses,
// on its own, the same canonical answer about a contract's and a dispute's keys
// (every write oldest first, the current value's SHA-256, the keys under a
// prefix). The envelopes are decoded down to the chaincode's answer and the
// endorsement, which is checked against the endorsing peer's certificate.
import { hash, signers } from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProto, msp, peer } from '@hyperledger/fabric-protos';
import { createHash, createPrivateKey, verify, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { canonicalJson } from '../../chaincode/src/domain';
import { NETWORK_JSON } from '../../network/native/paths';
import { Ledger } from '../../gateway/ledger';
import { orgPeers, newGrpcClient, connectGateway, findIdentity, findOrg } from '../../gateway/connect';
import { Caller } from './support/ledger';
import { description, session } from './support/clients';
import { contractInput, newHash, ownedId } from './support/fixtures';

const HB = 'HousingBureauMSP';
const COMPANY_1 = '91110105MA01XQ7T3B';
const desc = description();
const MSP_IDS = desc.orgs.map((o) => o.mspId);
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const key = (...parts: string[]) => `\u0000${parts.join('\u0000')}\u0000`;

interface Attestation {
  format: string;
  keys: { key: string; writes: { txId: string; isDelete: boolean }[]; valueSha256: string | null }[];
  prefixes: { prefix: string; keys: string[] }[];
}
interface HistoryWrite {
  txId: string;
}

/**
 * Envelope → Payload → Transaction → TransactionAction → ChaincodeActionPayload → ChaincodeEndorsedAction
 * → ProposalResponsePayload → ChaincodeAction → response.
 */
function decode(envelopeBytes: Uint8Array) {
  const envelope = common.Envelope.deserializeBinary(envelopeBytes);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
  const tx = peer.Transaction.deserializeBinary(payload.getData_asU8());
  const actions = tx.getActionsList();
  expect(actions).toHaveLength(1);
  const cap = peer.ChaincodeActionPayload.deserializeBinary(actions[0]!.getPayload_asU8());
  const endorsed = cap.getAction()!;
  const prpBytes = endorsed.getProposalResponsePayload_asU8();
  const prp = peer.ProposalResponsePayload.deserializeBinary(prpBytes);
  const action = peer.ChaincodeAction.deserializeBinary(prp.getExtension_asU8());
  const response = action.getResponse()!;
  return { channelHeader, prpBytes, endorsements: endorsed.getEndorsementsList(), status: response.getStatus(), payload: response.getPayload_asU8() };
}

const ledger = Ledger.open(NETWORK_JSON);
let company: Caller;
let judge: Caller;
afterAll(() => {
  ledger.close();
  company?.close();
  judge?.close();
});

/** Waits until every peer of every org has committed `block`, so all answer at the same height. */
async function everyPeerAt(block: bigint): Promise<void> {
  for (const org of desc.orgs) {
    for (const p of orgPeers(org)) {
      const client = newGrpcClient(p);
      const gw = connectGateway(client, org.mspId, findIdentity(findOrg(desc, org.mspId), org.identities[0]!.name));
      try {
        for (let i = 0; ; i++) {
          const info = common.BlockchainInfo.deserializeBinary(
            await gw.getNetwork(desc.channel).getContract('qscc').evaluateTransaction('GetChainInfo', desc.channel),
          );
          if (BigInt(info.getHeight()) > block) break;
          if (i > 200) throw new Error(`${p.name} did not reach block ${block}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        gw.close();
        client.close();
      }
    }
  }
}

async function blockOf(txId: string): Promise<bigint> {
  const b = common.Block.deserializeBinary(await ledger.blockOf('CourtMSP', 'judge1', txId));
  return BigInt(b.getHeader()!.getNumber());
}

describe('Evidence:Attest, endorsed by each org', () => {
  let contractId: string;
  let disputeId: string;
  let lastTx: string;

  beforeAll(async () => {
    company = new Caller(HB, 'company1');
    judge = new Caller('CourtMSP', 'judge1');
    const input = contractInput(ownedId('P'));
    contractId = input.contractId;
    disputeId = ownedId('D');
    await company.submit('Contracts', 'Register', input);
    await company.submit('Contracts', 'Amend', { contractId, previousVersion: 1, documentSha256: newHash() });
    await company.submit('Disputes', 'Open', { disputeId, contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 100_000 });
    const settled = await company.submit<{ txId: string }>('Disputes', 'Transition', { disputeId, action: 'settleDispute', documentHashes: [newHash()] });
    lastTx = settled.txId;
    await everyPeerAt(await blockOf(lastTx));
  });

  it('answers the same canonical bytes from all four orgs: writes oldest first as History reports, value hashes, prefix keys', async () => {
    const request = {
      keys: [
        ['contract', contractId],
        ['dispute', disputeId],
        ['company~dispute', COMPANY_1, disputeId],
        ['contract', contractId],
      ],
      prefixes: [
        ['disputeTransition', disputeId],
        ['contractVersion', contractId],
      ],
    };
    const { attestations, failures } = await ledger.attest('CourtMSP', 'judge1', request);
    expect(failures).toEqual([]);
    expect(attestations.map((a) => a.mspId).sort()).toEqual([...MSP_IDS].sort());

    const decoded = attestations.map((a) => ({ mspId: a.mspId, ...decode(a.envelope) }));
    for (const d of decoded) {
      expect(d.status).toBe(200);
      expect(d.channelHeader.getType()).toBe(common.HeaderType.ENDORSER_TRANSACTION);
      // The proposal timestamp (the attestation's time) is now, within the endorsers' window.
      expect(Math.abs(d.channelHeader.getTimestamp()!.getSeconds() - Date.now() / 1000)).toBeLessThan(60);
      // One endorsement, by a peer of that org, over the proposal response payload (which binds the proposal header).
      expect(d.endorsements).toHaveLength(1);
      const e = d.endorsements[0]!;
      const endorser = msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8());
      expect(endorser.getMspid()).toBe(d.mspId);
      const cert = new X509Certificate(Buffer.from(endorser.getIdBytes_asU8()));
      expect(cert.subject).toMatch(/OU=peer/);
      expect(cert.subject).toMatch(/CN=peer\d+/);
      // Issued by that org's CA.
      const ca = new X509Certificate(orgPeers(findOrg(desc, d.mspId))[0]!.tlsRootCert);
      expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
      const signed = Buffer.concat([d.prpBytes, e.getEndorser_asU8()]);
      expect(verify('sha256', signed, cert.publicKey, e.getSignature_asU8())).toBe(true);
    }
    // Byte-identical answers: each org's peer vouches for the same statement.
    const first = Buffer.from(decoded[0]!.payload);
    for (const d of decoded) expect(Buffer.from(d.payload).equals(first)).toBe(true);

    const text = first.toString('utf8');
    const answer = JSON.parse(text) as Attestation;
    expect(canonicalJson(answer)).toBe(text);
    expect(answer.format).toBe('notary-attestation/1');

    // Keys: each once, sorted; the explicit ones and those under the prefixes.
    const keys = answer.keys.map((k) => k.key);
    expect(keys).toEqual([...new Set(keys)].sort());
    const transitionKey = key('disputeTransition', disputeId, '0000000001');
    expect(keys).toEqual(
      expect.arrayContaining([
        key('contract', contractId),
        key('dispute', disputeId),
        key('company~dispute', COMPANY_1, disputeId),
        key('contractVersion', contractId, '0000000001'),
        key('contractVersion', contractId, '0000000002'),
        transitionKey,
      ]),
    );
    expect(answer.prefixes).toEqual([
      {
        prefix: key('contractVersion', contractId),
        keys: [key('contractVersion', contractId, '0000000001'), key('contractVersion', contractId, '0000000002')],
      },
      { prefix: key('disputeTransition', disputeId), keys: [transitionKey, key('disputeTransition', disputeId, '0000000002')] },
    ]);
    const byKey = new Map(answer.keys.map((k) => [k.key, k]));

    // Writes equal what the History queries report, oldest first...
    const contractHistory = await judge.evaluate<{ contract: unknown; writes: HistoryWrite[] }>('Contracts', 'History', contractId);
    const disputeHistory = await judge.evaluate<{ dispute: unknown; writes: HistoryWrite[] }>('Disputes', 'History', disputeId);
    const contractWrites = byKey.get(key('contract', contractId))!.writes;
    const disputeWrites = byKey.get(key('dispute', disputeId))!.writes;
    expect(contractWrites).toHaveLength(2);
    expect(disputeWrites).toHaveLength(2);
    expect(contractWrites.map((w) => w.txId)).toEqual(contractHistory.writes.map((w) => w.txId));
    expect(disputeWrites.map((w) => w.txId)).toEqual(disputeHistory.writes.map((w) => w.txId));
    expect(disputeWrites[1]!.txId).toBe(lastTx);
    expect([...contractWrites, ...disputeWrites].every((w) => w.isDelete === false)).toBe(true);
    // ...and oldest first in fact (Fabric 2.5 returns history newest first): their blocks ascend.
    for (const writes of [contractWrites, disputeWrites]) {
      const blocks = await Promise.all(writes.map((w) => blockOf(w.txId)));
      expect(blocks[0]! < blocks[1]!).toBe(true);
    }

    // valueSha256 is the SHA-256 of the current value's bytes (canonical JSON; index keys hold U+0000).
    expect(byKey.get(key('contract', contractId))!.valueSha256).toBe(sha256(canonicalJson(contractHistory.contract)));
    expect(byKey.get(key('dispute', disputeId))!.valueSha256).toBe(sha256(canonicalJson(disputeHistory.dispute)));
    expect(byKey.get(key('company~dispute', COMPANY_1, disputeId))!.valueSha256).toBe(sha256('\u0000'));
  });

  it('with minHeight, each org attests only once its peer has committed that far: a write made after the request is in every answer', async () => {
    const height = BigInt(await ledger.height(HB, 'regulator1'));
    const request = { keys: [['contract', contractId]], prefixes: [], minHeight: height + 1n };
    const pending = ledger.attest(HB, 'regulator1', request);
    // The request is out before the write is even endorsed: an attestation made at once would not hold it.
    await new Promise((r) => setTimeout(r, 300));
    const amended = await company.submit<{ txId: string }>('Contracts', 'Amend', { contractId, previousVersion: 2, documentSha256: newHash() });
    const { attestations, failures } = await pending;
    expect(failures).toEqual([]);
    expect(attestations.map((a) => a.mspId).sort()).toEqual([...MSP_IDS].sort());
    for (const a of attestations) {
      const answer = JSON.parse(Buffer.from(decode(a.envelope).payload).toString('utf8')) as Attestation;
      expect(answer.keys[0]!.writes.map((w) => w.txId)).toContain(amended.txId);
    }
  });

  it('attests a key that was never written: no writes and a null value hash', async () => {
    const missing = ownedId('HT-none');
    const { attestations } = await ledger.attest(HB, 'regulator1', { keys: [['contract', missing]], prefixes: [] });
    expect(attestations).toHaveLength(MSP_IDS.length);
    const answer = JSON.parse(Buffer.from(decode(attestations[0]!.envelope).payload).toString('utf8')) as Attestation;
    expect(answer).toEqual({ format: 'notary-attestation/1', keys: [{ key: key('contract', missing), writes: [], valueSha256: null }], prefixes: [] });
  });

  it('refuses a bad request with INVALID_ARGUMENT from every org', async () => {
    await expect(ledger.attest(HB, 'regulator1', { keys: [['nosuchtype', 'x']], prefixes: [] })).rejects.toMatchObject({
      message: expect.stringContaining('[INVALID_ARGUMENT]'),
    });
    expect(await judge.refusedRead('Evidence', 'Attest', { keys: [['contract', '']], prefixes: [] })).toBe('INVALID_ARGUMENT');
  });

  it('applies the time window: an attestation proposal backdated by an hour is refused', async () => {
    const identity = desc.orgs.find((o) => o.mspId === 'CourtMSP')!.identities.find((i) => i.name === 'judge1')!;
    const sign = signers.newPrivateKeySigner(createPrivateKey(fs.readFileSync(identity.privateKey)));
    const s = session('CourtMSP', 'judge1', 0, 'Evidence');
    try {
      const proposed = gatewayProto.ProposedTransaction.deserializeBinary(
        s.contract.newProposal('Attest', { arguments: [JSON.stringify({ keys: [['contract', contractId]], prefixes: [] })] }).getBytes(),
      );
      const signed = proposed.getProposal()!;
      const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
      const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
      const ch = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
      ch.getTimestamp()!.setSeconds(Math.floor(Date.now() / 1000) - 3600);
      header.setChannelHeader(ch.serializeBinary());
      proposal.setHeader(header.serializeBinary());
      signed.setProposalBytes(proposal.serializeBinary());
      proposed.setProposal(signed);
      const bytes = proposed.serializeBinary();
      const signature = await sign(hash.sha256(signed.getProposalBytes_asU8()));
      const err = await s.gateway
        .newSignedProposal(bytes, signature)
        .evaluate()
        .then(
          () => undefined,
          (e: unknown) => e as { message: string; details?: { message: string }[] },
        );
      expect(err).toBeDefined();
      expect([err!.message, ...(err!.details ?? []).map((d) => d.message)].join(' ')).toContain('time window');
    } finally {
      s.close();
    }
  });
});
