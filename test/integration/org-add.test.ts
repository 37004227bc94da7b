// A new law firm joins the running channel (npm run org:add -- lawfirmc), on a
// network of its own: the join is permanent, so it never touches the network
// the other test files share. The test removes that network at the end, also
// when it fails (startSecondNetwork's stop, in afterAll).
import { gateway as gatewayProto } from '@hyperledger/fabric-protos';
import fs from 'node:fs';
import path from 'node:path';
import type { Gateway } from '@hyperledger/fabric-gateway';
import type * as grpc from '@grpc/grpc-js';
import { readNetworkDescription, type NetworkDescription } from '../../network/description';
import { parseOrgCard } from '../../network/org-card';
import { connectGateway, findIdentity, findOrg, newGrpcClient, orgPeers } from '../../gateway/connect';
import { startSecondNetwork, type SecondNetwork } from './support/second-network';
import { ORG_ADD_PORT_OFFSET, orgAddCommand, orgAddStatus, orgAddStep, scriptCommand } from './support/org-add';
import { gossipPeersKnown } from '../../network/native/gossip';
import type { OrgAddStatus } from '../../network/native/org-add';
import { waitFor } from '../../network/native/health';
import { contractInput, newHash, ownedId, uniqueId } from './support/fixtures';
import { endorsingMsps } from './support/endorsements';
import { EvidenceExporter } from '../../evidence/export';
import { parseTrustBundle } from '../../evidence/trust/bundle';
import { verifyPackage } from '../../evidence/verify';
import { Ledger } from '../../gateway/ledger';

const FOUNDERS = ['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP'];
const utf8 = new TextDecoder();

let net: SecondNetwork | undefined;
let env: Record<string, string>;
let added: OrgAddStatus;

beforeAll(async () => {
  net = await startSecondNetwork({ portOffset: ORG_ADD_PORT_OFFSET, timeoutMs: 900_000 });
  env = net.env;
}, 1_000_000);

afterAll(async () => {
  await net?.stop();
}, 300_000);

interface Conn {
  gateway: Gateway;
  client: grpc.Client;
  desc: NetworkDescription;
  close(): void;
}

/** A gateway for `identity` of `mspId` through that org's own peer, from the network's network.json alone. */
function connect(mspId: string, identity: string): Conn {
  const desc = readNetworkDescription(net!.networkJson);
  const org = findOrg(desc, mspId);
  const client = newGrpcClient(orgPeers(org)[0]!);
  const gateway = connectGateway(client, mspId, findIdentity(org, identity));
  return {
    gateway,
    client,
    desc,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}

/** MSP IDs of the endorsements an endorsed (not yet submitted) transaction carries. */
function endorsers(preparedBytes: Uint8Array): string[] {
  return endorsingMsps(gatewayProto.PreparedTransaction.deserializeBinary(preparedBytes).getEnvelope()!.getPayload_asU8());
}

describe('a new law firm joins at run time (npm run org:add -- lawfirmc)', () => {
  let founded: OrgAddStatus;
  /** A contract registered before the firm joins and amended after, endorsed by it. */
  let spanning: string;

  it('before the firm joins, a property company registers a contract', async () => {
    const c = connect('HousingBureauMSP', 'company1');
    try {
      const input = contractInput(ownedId('P'));
      await c.gateway.getNetwork(c.desc.channel).getContract(c.desc.chaincode, 'Contracts').submitTransaction('Register', JSON.stringify(input));
      spanning = input.contractId;
    } finally {
      c.close();
    }
  });

  it('the new firm starts its CA, issues its identities into its own folder and writes its card', async () => {
    await orgAddStep(env, ['lawfirmc', 'org']);
    const folder = path.join(net!.stateDir, 'orgs', 'lawfirmc');
    const card = parseOrgCard(JSON.parse(fs.readFileSync(path.join(folder, 'card.json'), 'utf8')));
    expect(card).toMatchObject({
      mspId: 'LawFirmCMSP',
      name: 'Law firm C',
      orderers: [],
      anchorPeers: [{ host: 'localhost', port: 11051 + ORG_ADD_PORT_OFFSET }],
    });
    // Its own root, not one of the founding orgs'.
    for (const other of ['court', 'housingbureau', 'lawfirma', 'lawfirmb']) {
      expect(fs.readFileSync(path.join(net!.stateDir, 'orgs', other, 'ca', 'ca-cert.pem'), 'utf8')).not.toBe(card.rootCert);
    }
    expect(fs.existsSync(path.join(folder, 'users', 'lawyer1', 'msp', 'keystore', 'key.pem'))).toBe(true);

    founded = await orgAddStatus(env);
    expect(founded).toMatchObject({ recorded: true, joined: false, applicationOrgs: FOUNDERS, endorsementMajority: { needed: 3, of: 4 } });
  });

  it('refuses the update adding it when only 2 of the 4 member admins signed, and nothing changes', async () => {
    const r = await orgAddCommand(env, ['lawfirmc', 'propose', '--signers', 'court,housingbureau']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /policy for \[Group\]\s+\/Channel\/Application not satisfied.*2 sub-policies were satisfied, but this policy requires 3 of the 'Admins' sub-policies/,
    );
    const now = await orgAddStatus(env);
    expect(now.configSequence).toBe(founded.configSequence);
    expect(now.configBlock).toBe(founded.configBlock);
    expect(now.applicationOrgs).toEqual(FOUNDERS);
    expect(now.heights).toEqual(founded.heights);
  });

  it('adds it with the signatures of a majority (3 of 4) of the member admins, each in its own folder', async () => {
    const out = await orgAddStep(env, ['lawfirmc', 'propose']);
    expect(out).toMatch(/signed by the admins of CourtMSP, HousingBureauMSP, LawFirmAMSP \(of 4 members\)/);
    const now = await orgAddStatus(env);
    expect(now.configSequence).toBe(founded.configSequence + 1);
    expect(now.configBlock).toBeGreaterThan(founded.configBlock);
    expect(now.applicationOrgs).toEqual([...FOUNDERS, 'LawFirmCMSP'].sort());
    // MAJORITY Endorsement now counts five orgs.
    expect(now.endorsementMajority).toEqual({ needed: 3, of: 5 });
  });

  it('its peer joins from block 0 and catches up with the others', async () => {
    const out = await orgAddStep(env, ['lawfirmc', 'peer']);
    expect(out).toMatch(/peer0\.lawfirmc\.notary\.local joined channel notary from block 0/);
    expect(out).toMatch(/gossip knows it/);
    const now = await orgAddStatus(env);
    const heights = Object.values(now.heights);
    expect(Object.keys(now.heights)).toContain('lawfirmc-peer0');
    expect(heights.every((h) => typeof h === 'number' && h === heights[0])).toBe(true);
    expect(now.heights['lawfirmc-peer0']).toBeGreaterThan(now.configBlock);
  });

  it('its admin approves the committed definition (same sequence) and its chaincode server runs; network.json names it', async () => {
    await orgAddStep(env, ['lawfirmc', 'chaincode']);
    added = await orgAddStatus(env);
    expect(added).toMatchObject({ joined: true, applicationOrgs: [...FOUNDERS, 'LawFirmCMSP'].sort() });
    const desc = readNetworkDescription(net!.networkJson);
    expect(desc.orgs.map((o) => o.mspId)).toEqual([...FOUNDERS, 'LawFirmCMSP']);
    expect(findOrg(desc, 'LawFirmCMSP').identities.map((i) => [i.name, i.role])).toEqual([
      ['admin', 'admin'],
      ['lawyer1', 'lawyer'],
    ]);
  });

  it('running every step again changes nothing', async () => {
    const out = await orgAddStep(env, ['lawfirmc']);
    expect(out).toMatch(/already is in the channel configuration/);
    const now = await orgAddStatus(env);
    expect(now.configSequence).toBe(added.configSequence);
    expect(now.applicationOrgs).toEqual(added.applicationOrgs);
  });

  it('network:down and network:up stop and restart its nodes with the others; network:status lists them', async () => {
    const down = await scriptCommand(env, 'network', ['down']);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/stopped lawfirmc-peer0/);
    expect(down.stdout).toMatch(/stopped lawfirmc-chaincode/);
    const up = await scriptCommand(env, 'network', ['up'], 600_000);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/lawfirmc-peer0/);
    const status = await scriptCommand(env, 'network', ['status', '--json']);
    expect(status.code).toBe(0);
    const nodes = (JSON.parse(status.stdout) as { nodes: { id: string; health: string; channelHeight?: number }[] }).nodes;
    const ours = nodes.filter((n) => n.id.startsWith('lawfirmc-'));
    expect(ours.map((n) => [n.id, n.health]).sort()).toEqual([
      ['lawfirmc-ca', 'ok'],
      ['lawfirmc-chaincode', 'ok'],
      ['lawfirmc-peer0', 'ok'],
    ]);
    const heights = nodes.filter((n) => n.channelHeight !== undefined).map((n) => n.channelHeight);
    expect(heights).toHaveLength(6);
    expect(new Set(heights).size).toBe(1);
    // Gossip finds the restarted peers again (discovery, which the gateway plans endorsements with, follows it).
    const ops = (base: number) => base + ORG_ADD_PORT_OFFSET;
    await waitFor(
      'gossip to know all 6 peers again',
      async () => {
        const known = await Promise.all([ops(7446), ops(11446)].map((p) => gossipPeersKnown(p, 'notary')));
        return known.every((n) => n === 5) ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
  });

  it("a lawyer of the new firm is a channel member: it evaluates the chaincode's metadata through its own peer", async () => {
    const c = connect('LawFirmCMSP', 'lawyer1');
    try {
      const metadata = JSON.parse(
        utf8.decode(await c.gateway.getNetwork(c.desc.channel).getContract(c.desc.chaincode).evaluateTransaction('org.hyperledger.fabric:GetMetadata')),
      ) as {
        contracts: Record<string, unknown>;
      };
      expect(Object.keys(metadata.contracts)).toEqual(expect.arrayContaining(['Contracts', 'Evidence']));
    } finally {
      c.close();
    }
  });

  it("the new firm's peer endorses: an attestation endorsed by LawFirmCMSP alone", async () => {
    const c = connect('CourtMSP', 'judge1');
    try {
      const request = JSON.stringify({ keys: [['contract', ownedId('HT')]], prefixes: [] });
      const tx = await c.gateway
        .getNetwork(c.desc.channel)
        .getContract(c.desc.chaincode, 'Evidence')
        .newProposal('Attest', { arguments: [request], endorsingOrganizations: ['LawFirmCMSP'] })
        .endorse();
      expect(endorsers(tx.getBytes())).toEqual(['LawFirmCMSP']);
      expect(JSON.parse(utf8.decode(tx.getResult()))).toMatchObject({ format: 'notary-attestation/1' });
    } finally {
      c.close();
    }
  });

  it('a write is still MAJORITY endorsed: 3 of 5 orgs including the new firm commit it, 2 of 5 do not', async () => {
    const c = connect('HousingBureauMSP', 'company1');
    const contract = c.gateway.getNetwork(c.desc.channel).getContract(c.desc.chaincode, 'Contracts');
    const write = async (orgs: string[]) => {
      const input = contractInput(ownedId('P'));
      const tx = await contract.newProposal('Register', { arguments: [JSON.stringify(input)], endorsingOrganizations: orgs }).endorse();
      expect(endorsers(tx.getBytes())).toEqual([...orgs].sort());
      const status = await (await tx.submit()).getStatus();
      return { id: input.contractId, status };
    };
    try {
      const three = await write(['HousingBureauMSP', 'CourtMSP', 'LawFirmCMSP']);
      expect(three.status).toMatchObject({ successful: true, code: 0 });
      expect(JSON.parse(utf8.decode(await contract.evaluateTransaction('Get', three.id))).contract).toMatchObject({ contractId: three.id });

      // The contract registered before the firm joined is amended with the firm's endorsement.
      const amend = await contract
        .newProposal('Amend', {
          arguments: [JSON.stringify({ contractId: spanning, previousVersion: 1, documentSha256: newHash() })],
          endorsingOrganizations: ['HousingBureauMSP', 'CourtMSP', 'LawFirmCMSP'],
        })
        .endorse();
      expect((await (await amend.submit()).getStatus()).successful).toBe(true);

      const two = await write(['HousingBureauMSP', 'LawFirmCMSP']);
      expect(two.status).toMatchObject({ successful: false, code: 10 }); // ENDORSEMENT_POLICY_FAILURE
      // Not written: the company gets the same refusal for a missing contract as for another's (scoped reach).
      await expect(contract.evaluateTransaction('Get', two.id)).rejects.toThrow(/FORBIDDEN/);
    } finally {
      c.close();
    }
  });

  it("the contract's evidence package spans the update adding the firm and verifies with the court's genesis trust bundle", async () => {
    const ledger = Ledger.open(net!.networkJson);
    try {
      const pkg = await new EvidenceExporter(ledger).exportContract('CourtMSP', 'judge1', spanning);
      const trust = parseTrustBundle(JSON.parse(fs.readFileSync(net!.trustBundle, 'utf8')));
      expect(trust.orgs.map((o) => o.mspId)).not.toContain('LawFirmCMSP');
      const r = verifyPackage(pkg, { trust });
      expect(r.checks.filter((c) => !c.ok)).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.facts.trust?.anchored).toBe(true);
      // Register under the genesis configuration, Amend under the one that added LawFirmCMSP.
      const txBlocks = new Set(pkg.transactions.map((x) => x.blockNumber));
      const configsUsed = new Set(r.facts.blocks.filter((b) => txBlocks.has(b.number)).map((b) => b.lastConfig));
      expect(configsUsed.size).toBe(2);
      // The update adding it, checked against /Channel/Application's Admins policy of the genesis configuration.
      const update = r.facts.configHistory.at(-1)!;
      expect(update.changes).toEqual(['[Group] /Channel/Application']);
      expect(update.signers.map((x) => x.split('@')[1]).sort()).toEqual(['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP']);
      expect(r.facts.orgs.map((o) => o.mspId)).toContain('LawFirmCMSP');
    } finally {
      ledger.close();
    }
  });

  it("a dispute retained by the new firm: its lawyer sends the letter (another firm's is refused) and the package verifies", async () => {
    const company = connect('HousingBureauMSP', 'company1');
    const lawyerC = connect('LawFirmCMSP', 'lawyer1');
    const lawyerA = connect('LawFirmAMSP', 'lawyer1');
    const disputeId = ownedId('D');
    const letter = () => ({
      letterId: uniqueId('L'),
      disputeId,
      contentSha256: newHash(),
      channel: 'SMS',
      recipientCommitment: newHash(),
      eventTime: new Date().toISOString(),
    });
    const contractOf = (c: Conn, name: string) => c.gateway.getNetwork(c.desc.channel).getContract(c.desc.chaincode, name);
    const ledger = Ledger.open(net!.networkJson);
    try {
      const opening = { disputeId, contractId: spanning, lawFirmMspId: 'LawFirmCMSP', claimedAmountFen: 70_000 };
      await contractOf(company, 'Disputes').submitTransaction('Open', JSON.stringify(opening));
      // Refused at endorsement: each peer's message names the chaincode's FORBIDDEN.
      await expect(contractOf(lawyerA, 'Letters').submitTransaction('Send', JSON.stringify(letter()))).rejects.toMatchObject({
        details: expect.arrayContaining([
          expect.objectContaining({ message: expect.stringMatching(/\[FORBIDDEN\] dispute .* is not within the caller.s reach/) }),
        ]),
      });
      const sent = JSON.parse(utf8.decode(await contractOf(lawyerC, 'Letters').submitTransaction('Send', JSON.stringify(letter()))));
      expect(sent.letter).toMatchObject({ disputeId, lawFirmMspId: 'LawFirmCMSP' });
      expect(sent.dispute).toMatchObject({ stage: 'LETTER_SENT', lawFirmMspId: 'LawFirmCMSP' });

      const pkg = await new EvidenceExporter(ledger).exportDispute('LawFirmCMSP', 'lawyer1', disputeId);
      const trust = parseTrustBundle(JSON.parse(fs.readFileSync(net!.trustBundle, 'utf8')));
      const r = verifyPackage(pkg, { trust });
      expect(r.checks.filter((c) => !c.ok)).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.facts.configHistory.at(-1)!.changes).toEqual(['[Group] /Channel/Application']);
    } finally {
      ledger.close();
      [company, lawyerC, lawyerA].forEach((c) => c.close());
    }
  });
});
