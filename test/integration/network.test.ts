// The network itself: reachable from network.json alone, endorsement policy
// enforced, and still committing with one orderer or one org's peers down.
import { common } from '@hyperledger/fabric-protos';
import { EndorseError, type GatewayError } from '@hyperledger/fabric-gateway';
import { allOrderers, loadTopology } from '../../network/topology';
import { osnadmin } from '../../network/native/admin';
import { restartNode } from '../../network/native/network';
import { stop } from '../../network/native/processes';
import { committedDefinition, deployChaincode } from '../../network/native/chaincode';
import { waitFor } from '../../network/native/health';
import { connectGateway, newGrpcClient, orgPeers } from '../../gateway/connect';
import { description, session } from './support/clients';
import { contractInput, ownedId } from './support/fixtures';

const t = loadTopology();
const utf8 = new TextDecoder();

async function heightOn(mspId: string, peerIndex: number): Promise<number> {
  const desc = description();
  const org = desc.orgs.find((o) => o.mspId === mspId)!;
  const client = newGrpcClient(orgPeers(org)[peerIndex]!);
  const gateway = connectGateway(client, mspId, org.identities[0]!);
  try {
    const qscc = gateway.getNetwork(desc.channel).getContract('qscc');
    const info = common.BlockchainInfo.deserializeBinary(await qscc.evaluateTransaction('GetChainInfo', desc.channel));
    return info.getHeight();
  } finally {
    gateway.close();
    client.close();
  }
}

async function ordererHeights(): Promise<number[]> {
  return Promise.all(
    allOrderers(t).map(async ({ org }) => {
      const { stdout } = await osnadmin(org, ['channel', 'list', '--channelID', t.channel]);
      const info = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { height: number; status: string; consensusRelation: string };
      expect(info).toMatchObject({ status: 'active', consensusRelation: 'consenter' });
      return info.height;
    }),
  );
}

/** The orderer that leads the channel's Raft cluster, from its Prometheus metrics. */
async function raftLeader() {
  const leader = await waitFor(
    'a Raft leader',
    async () => {
      for (const o of allOrderers(t)) {
        const metrics = await fetch(`http://127.0.0.1:${o.orderer.operationsPort}/metrics`).then(
          (r) => r.text(),
          () => '',
        ); // a stopped orderer has none
        if (metrics.includes(`consensus_etcdraft_is_leader{channel="${t.channel}"} 1`)) return o;
      }
      return undefined;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  return leader;
}

/** Registers a new contract as the first property company, through the housing bureau's peer. */
async function registerAsCompany(): Promise<{ id: string; txId: string; contract: Record<string, unknown> }> {
  const s = session('HousingBureauMSP', 'company1', 0, 'Contracts');
  try {
    const input = contractInput(ownedId('P'));
    const out = JSON.parse(utf8.decode(await s.contract.submitTransaction('Register', JSON.stringify(input)))) as {
      txId: string;
      contract: Record<string, unknown>;
    };
    return { id: input.contractId, ...out };
  } finally {
    s.close();
  }
}

describe('network.json is enough for an independent client', () => {
  it('lists every org with a connection profile and its identities, the admin first', () => {
    const desc = description();
    expect(desc.channel).toBe(t.channel);
    expect(desc.chaincode).toBe(t.chaincode.name);
    expect(desc.orgs.map((o) => o.mspId)).toEqual(t.orgs.map((o) => o.mspId));
    for (const org of desc.orgs) {
      expect(org.identities[0]).toMatchObject({ name: 'admin', role: 'admin' });
      expect(orgPeers(org).length).toBe(t.orgs.find((o) => o.mspId === org.mspId)!.peers.length);
    }
    expect(desc.orderers).toHaveLength(3);
  });

  it('reaches every peer of every org, and all agree on the channel height', async () => {
    const desc = description();
    const peers = desc.orgs.flatMap((o) => orgPeers(o).map((_, i) => [o.mspId, i] as const));
    expect(peers).toHaveLength(5);
    const heights = await waitFor(
      'equal heights on every peer',
      async () => {
        const hs = await Promise.all(peers.map(([msp, i]) => heightOn(msp, i)));
        return hs.every((h) => h === hs[0]) ? hs : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(heights[0]).toBeGreaterThan(1);
  });

  it('has all three orderers answering as active consenters', async () => {
    const heights = await ordererHeights();
    expect(heights).toHaveLength(3);
    for (const h of heights) expect(h).toBeGreaterThan(0);
  });
});

describe('transactions through @hyperledger/fabric-gateway', () => {
  it("submits as a property company and reads back as the court, through another org's peer", async () => {
    const { id, contract } = await registerAsCompany();
    expect(contract).toMatchObject({ contractId: id, companyId: '91110105MA01XQ7T3B', updatedBy: { mspId: 'HousingBureauMSP', role: 'property-company' } });
    // A law firm reaches a contract only through a dispute it is retained for; the court reaches every contract.
    const court = session('CourtMSP', 'mediator1', 0, 'Contracts');
    try {
      const read = JSON.parse(utf8.decode(await court.contract.evaluateTransaction('Get', id)));
      expect(read.contract).toEqual(contract);
    } finally {
      court.close();
    }
  });

  it('rejects a write endorsed by one org alone, and the ledger does not change', async () => {
    const s = session('HousingBureauMSP', 'company1', 0, 'Contracts');
    const input = contractInput(ownedId('P'));
    try {
      const proposal = s.contract.newProposal('Register', { arguments: [JSON.stringify(input)], endorsingOrganizations: ['HousingBureauMSP'] });
      const tx = await proposal.endorse();
      const submitted = await tx.submit();
      const status = await submitted.getStatus();
      expect(status.successful).toBe(false);
      expect(status.code).toBe(10); // ENDORSEMENT_POLICY_FAILURE
      // Read by the court, which is told plainly that a record does not exist (the company would get FORBIDDEN either way).
      const court = session('CourtMSP', 'mediator1', 0, 'Contracts');
      try {
        await expect(court.contract.evaluateTransaction('Get', input.contractId)).rejects.toThrow(/NOT_FOUND/);
      } finally {
        court.close();
      }
    } finally {
      s.close();
    }
  });

  it("keeps the chaincode's coded error and every peer's details when endorsement fails", async () => {
    const { id } = await registerAsCompany();
    const s = session('HousingBureauMSP', 'company1', 0, 'Contracts');
    try {
      const err = await s.contract.submitTransaction('Register', JSON.stringify(contractInput('P-x', { contractId: id }))).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EndorseError);
      const details = (err as GatewayError).details;
      expect(details.length).toBeGreaterThan(0);
      expect(details.map((d) => d.message).join(' ')).toMatch(/ALREADY_EXISTS/);
    } finally {
      s.close();
    }
  });
});

describe('fault tolerance', () => {
  it('keeps committing with the Raft leader, one of the three orderers, stopped', async () => {
    const victim = await raftLeader();
    expect(await stop(victim.id)).toBe(true);
    try {
      // A new leader is elected among the remaining two and ordering goes on.
      const successor = await raftLeader();
      expect(successor.id).not.toBe(victim.id);
      const { txId } = await registerAsCompany();
      expect(txId).toEqual(expect.any(String));
    } finally {
      await restartNode(t, victim.id);
    }
    // The restarted orderer catches up with the other two.
    await waitFor(
      'orderers at equal height',
      async () => {
        const hs = await ordererHeights();
        return hs.every((h) => h === hs[0]) ? hs : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
  });

  it("keeps committing with one org's peers stopped", async () => {
    const org = t.orgs.find((o) => o.mspId === 'LawFirmBMSP')!;
    const ids = org.peers.map((p) => `${org.key}-${p.name}`);
    for (const id of ids) expect(await stop(id)).toBe(true);
    try {
      const { id, contract } = await registerAsCompany();
      expect(contract.contractId).toBe(id);
    } finally {
      for (const id of ids) await restartNode(t, id);
    }
    const before = await heightOn('HousingBureauMSP', 0);
    await waitFor('LawFirmB peer caught up', async () => ((await heightOn('LawFirmBMSP', 0)) >= before ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 1000,
    });
  });
});

describe('chaincode upgrade', () => {
  it('defines the next sequence in one command and keeps the ledger state', async () => {
    const { id, contract } = await registerAsCompany();
    const before = await committedDefinition(t);
    const d = await deployChaincode(t, () => {}, { upgrade: true });
    expect(d.sequence).toBe(before!.sequence + 1);
    expect((await committedDefinition(t))!.sequence).toBe(d.sequence);
    const s = session('CourtMSP', 'mediator1', 1, 'Contracts');
    try {
      expect(JSON.parse(utf8.decode(await s.contract.evaluateTransaction('Get', id))).contract).toEqual(contract);
    } finally {
      s.close();
    }
  });
});
