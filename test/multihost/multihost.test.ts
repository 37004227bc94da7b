// Real hosts: every org on a host of its own (a Linux network namespace with
// its own address on a bridge), its CA, peers, orderer, chaincode server and
// API inside, listening on that address; gossip, discovery and Raft go across
// the bridge by host name. The suite runs a small pilot through the per-org
// APIs, cuts a law firm's host off while a company writes, then cuts the Raft
// leader's host off mid-import, and checks that nothing acknowledged is lost.
// Needs root (ip netns). Removes every namespace, link, /etc/netns file and
// process it made, also on failure, and through a watchdog process when this
// one is killed (support/cleanup.ts).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { issueKeys } from '../../api/auth';
import { readNetworkDescription } from '../../network/description';
import { hostsFileContent, placeOrgs } from '../../network/hosts';
import { waitFor } from '../../network/native/health';
import { sleep } from '../../fabric/sleep';
import { allOrderers, allPeers, foundingTopology, joiningOrgSpec, loadTopology, type OrgSpec, type Topology } from '../../network/topology';
import { orgAddStatus, orgAddStep } from '../integration/support/org-add';
import { contractInput, newHash, ownedId, uniqueId } from '../integration/support/fixtures';
import { startSecondNetwork, type SecondNetwork } from '../integration/support/second-network';
import { claimPrefix, releasePrefix, removeLeftovers, startWatchdog } from './support/cleanup';
import { createHosts, namespaceRss, ownLinks, ownNamespaces, setLink } from './support/hosts';
import { hostPlanOf, planNetns, type NetnsHost, type NetnsPlan } from './support/netns-plan';
import { ownDescription, startOrgApi, type OrgApi } from './support/org-api';
import { inParallel } from './support/parallel';
import { call, metric, type Reply } from './support/probes';
import { endorsersOf } from './support/endorsers';

jest.setTimeout(600_000);

const PREFIX = process.env.MULTIHOST_PREFIX ?? 'nh-';
const SUBNET = process.env.MULTIHOST_SUBNET ?? '10.88.0.0/24';
const TMP_PREFIX = `notary-multihost-${PREFIX}`;
const API_PORT = 8080;

let plan: NetnsPlan;
let topology: Topology;
let net: SecondNetwork | undefined;
const apis = new Map<string, OrgApi>();
let keys: Map<string, string>;
const numbers: Record<string, string> = {};

const host = (orgKey: string): NetnsHost => plan.hosts.find((h) => h.orgKey === orgKey)!;
const org = (orgKey: string): OrgSpec => topology.orgs.find((o) => o.key === orgKey)!;
const api = (orgKey: string) => apis.get(orgKey)!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const note = (what: string, value: string) => {
  numbers[what] = value;
  console.log(`multihost: ${what}: ${value}`);
};

/** A client's call through its own org's API. */
function as(client: string, orgKey: string) {
  return (method: string, route: string, body?: unknown, headers?: Record<string, string>): Promise<Reply> =>
    call(api(orgKey).url, keys.get(client)!, method, route, body, headers);
}
const company = as('housingbureau-company1', 'housingbureau');

interface Written {
  contractId: string;
  /** Every answer, in order: status and error code (TRANSPORT: no answer). */
  answers: string[];
  status: number;
  txId?: string;
}

/**
 * The company registers a contract as a careful client does: with an Idempotency-Key, resending the same request
 * (at most `tries` times in all, a second apart) while the answer says nothing was written or the outcome is unknown.
 */
async function register(c: ReturnType<typeof contractInput>, tries = 1, key = randomUUID()): Promise<Written> {
  const answers: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const r = await company('POST', '/v1/contracts', c, { 'idempotency-key': key });
    answers.push(describeAnswer(r));
    if (r.status === 201 || attempt >= tries || !RESENDABLE.includes(r.status)) {
      return { contractId: c.contractId, answers, status: r.status, txId: r.body?.txId };
    }
    await sleep(1000);
  }
}

/** No answer (0), or one saying nothing was written (502) or the outcome is unknown (503): safe to resend with the key. */
const RESENDABLE = [0, 502, 503];

const describeAnswer = (r: Reply): string => {
  if (r.status === 201) return '201';
  const error = r.body?.error ?? {};
  return `${r.status} ${error.code}: ${String(error.message).slice(0, 160)}`;
};

function expectStatus(r: Reply, status: number): void {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
}

/** Channel height on one org's first peer, from its operations endpoint; undefined if unreachable. */
async function height(orgKey: string): Promise<number | undefined> {
  const p = org(orgKey).peers[0]!;
  return metric(host(orgKey).address, p.operationsPort, 'ledger_blockchain_height', topology.channel).catch(() => undefined);
}

/** Every org whose orderer says it leads the channel's Raft cluster (an unreachable one counts as not). */
async function leaders(): Promise<string[]> {
  const all = await Promise.all(
    allOrderers(topology).map(async (o) =>
      (await metric(host(o.org.key).address, o.orderer.operationsPort, 'consensus_etcdraft_is_leader', topology.channel).catch(() => undefined)) === 1
        ? [o.org.key]
        : [],
    ),
  );
  return all.flat();
}

/** The orderer that says it leads the channel's Raft cluster, among those reachable (not `except`). */
async function leader(except?: string): Promise<string | undefined> {
  for (const o of allOrderers(topology)) {
    if (o.org.key === except) continue;
    const v = await metric(host(o.org.key).address, o.orderer.operationsPort, 'consensus_etcdraft_is_leader', topology.channel).catch(() => undefined);
    if (v === 1) return o.org.key;
  }
  return undefined;
}

/** Everything this suite made (or a killed run with the same prefix left), removed. */
function removeAll(): void {
  if (!claimed) return; // another run holds the prefix: its namespaces are not ours
  for (const problem of removeLeftovers(PREFIX, TMP_PREFIX)) console.error(`multihost cleanup: ${problem}`);
}
let watchdog: number | undefined;
let claimed = false;

const suiteStarted = Date.now();

beforeAll(async () => {
  claimPrefix(PREFIX, process.pid);
  claimed = true;
  // Leftovers of a run that was killed before its own cleanup.
  removeAll();
  // Cleans up if this process dies before afterAll does (killed, interrupted).
  watchdog = startWatchdog(process.pid, PREFIX, TMP_PREFIX);

  // The founding orgs' hosts, and the host of the law firm that joins later (it exists before it joins, as a machine would).
  const orgs = [...foundingTopology({ FABRIC_PORT_OFFSET: '0' }).orgs, joiningOrgSpec('lawfirmc')!];
  plan = planNetns({ prefix: PREFIX, subnet: SUBNET, orgKeys: orgs.map((o) => o.key) });
  const placed = placeOrgs(orgs, hostPlanOf(plan));
  createHosts(plan, hostsFileContent(placed));

  const started = Date.now();
  net = await startSecondNetwork({
    portOffset: 0,
    tmpPrefix: TMP_PREFIX,
    timeoutMs: 420_000,
    prepare: (dir) => fs.writeFileSync(path.join(dir, 'hosts.json'), JSON.stringify(hostPlanOf(plan), null, 2)),
    log: (line) => console.log(`  ${line}`),
  });
  note('network up across 4 hosts (CAs, identities, channel, chaincode)', seconds(Date.now() - started));
  topology = net.topology;

  const apiStarted = Date.now();
  const description = readNetworkDescription(net.networkJson);
  const store = path.join(net.stateDir, 'api', 'api-keys.json');
  keys = new Map(issueKeys(description, store, path.join(net.stateDir, 'api', 'credentials.json')).map((k) => [k.clientId, k.key]));
  const started4 = await Promise.all(
    topology.orgs.map((o) =>
      startOrgApi({
        host: host(o.key),
        mspId: o.mspId,
        port: API_PORT,
        stateDir: net!.stateDir,
        networkJson: ownDescription(net!.stateDir, description, o.mspId),
        apiKeysFile: store,
      }),
    ),
  );
  for (const [i, a] of started4.entries()) apis.set(topology.orgs[i]!.key, a);
  note('four org APIs ready', seconds(Date.now() - apiStarted));
}, 900_000);

afterAll(async () => {
  await Promise.all([...apis.values()].map((a) => a.stop()));
  await net?.stop();
  removeAll();
  try {
    if (watchdog) process.kill(watchdog, 'SIGTERM');
  } catch {
    // it ended already
  }
  releasePrefix(PREFIX, process.pid);
  note('suite runtime', seconds(Date.now() - suiteStarted));
  console.log(
    `multihost numbers:\n${Object.entries(numbers)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n')}`,
  );
}, 300_000);

describe('each org on its own host', () => {
  it('runs every node on its org host, listening on that address, not on loopback', () => {
    for (const o of topology.orgs) {
      expect(o.host).toEqual({ name: `${o.key}.notary.test`, address: host(o.key).address, netns: host(o.key).netns });
    }
    const profile = JSON.parse(fs.readFileSync(path.join(net!.stateDir, 'profiles', 'court.json'), 'utf8')) as { peers: Record<string, { url: string }> };
    expect(Object.values(profile.peers).map((p) => p.url)).toEqual([`grpcs://${host('court').address}:7051`, `grpcs://${host('court').address}:7061`]);
    // Every node's process (CA, peers, orderer, chaincode server) lives in its org's namespace.
    const runDir = path.join(net!.stateDir, 'run');
    const nodes = fs.readdirSync(runDir).filter((f) => f.endsWith('.pid'));
    expect(nodes.length).toBe(4 + allPeers(topology).length + allOrderers(topology).length + 4);
    for (const f of nodes) {
      const pid = Number(fs.readFileSync(path.join(runDir, f), 'utf8'));
      expect({ node: f, netns: processNetnsInode(pid) }).toEqual({ node: f, netns: netnsInode(host(f.split('-')[0]!).netns) });
    }
    for (const a of apis.values()) expect(a.url).not.toMatch(/127\.0\.0\.1|localhost/);
  });

  it("gossips across the hosts: every peer knows every other org's peers by their host names", async () => {
    const others = allPeers(topology).length - 1;
    for (const p of allPeers(topology)) {
      const known = () => metric(host(p.org.key).address, p.peer.operationsPort, 'gossip_membership_total_peers_known', topology.channel);
      await waitFor(`${p.id} to know ${others} peers`, async () => ((await known()) === others ? true : undefined), { timeoutMs: 60_000, intervalMs: 500 });
    }
  });

  it('runs a small pilot through the per-org APIs', async () => {
    const projectId = ownedId('P-MH');
    const contracts = [0, 1, 2].map(() => contractInput(projectId));
    expectStatus(await company('POST', '/v1/contracts/batch', { items: contracts }), 201);
    const c = contracts[0]!;
    expectStatus(
      await company('POST', '/v1/arrears-events', { eventId: uniqueId('E'), contractId: c.contractId, type: 'billed', period: '2024-05', amountFen: 35_000 }),
      201,
    );
    const disputeId = ownedId('D-MH');
    const opened = await company('POST', '/v1/disputes', {
      disputeId,
      contractId: c.contractId,
      lawFirmMspId: 'LawFirmAMSP',
      claimedAmountFen: 35_000,
      periods: ['2024-05'],
      documentHashes: [newHash()],
    });
    expectStatus(opened, 201);

    // The retained firm's lawyer, through law firm A's own API on its own host.
    const lawyerA = as('lawfirma-lawyer1', 'lawfirma');
    const letterId = uniqueId('L');
    const sent = await lawyerA('POST', `/v1/disputes/${disputeId}/letters`, {
      letterId,
      contentSha256: newHash(),
      channel: 'SMS',
      recipientCommitment: newHash(),
      eventTime: new Date().toISOString(),
    });
    expectStatus(sent, 201);
    expect(sent.body.dispute.stage).toBe('LETTER_SENT');
    const delivered = await lawyerA('POST', `/v1/disputes/${disputeId}/letters/${letterId}/receipts`, {
      receiptId: `${letterId}-D`,
      kind: 'DELIVERED',
      evidenceSha256: newHash(),
      eventTime: new Date().toISOString(),
    });
    expectStatus(delivered, 201);

    // Firm B is not retained: its lawyer, through its own API, does not reach the dispute.
    expect((await as('lawfirmb-lawyer1', 'lawfirmb')('GET', `/v1/disputes/${disputeId}`)).status).toBe(403);
    // Each API serves only its own org's clients.
    expect((await call(api('court').url, keys.get('housingbureau-company1')!, 'GET', '/v1/me')).status).toBe(401);

    // The court's mediation platform, through the court's API.
    const mediator = as('court-mediator1', 'court');
    const referred = await mediator('POST', `/v1/disputes/${disputeId}/transitions`, { action: 'referToMediation', documentHashes: [] });
    expectStatus(referred, 201);
    const seen = await as('court-judge1', 'court')('GET', `/v1/disputes/${disputeId}`);
    expectStatus(seen, 200);
    expect(seen.body.dispute.stage).toBe(referred.body.dispute.stage);
    expect(seen.body.dispute.lawFirmMspId).toBe('LawFirmAMSP');
  });
});

/** Waits until `orgKey`'s peer reaches `target` blocks; answers how long it took. */
async function catchUp(orgKey: string, target: number): Promise<number> {
  const from = Date.now();
  await waitFor(`${orgKey}'s peer to reach height ${target}`, async () => ((await height(orgKey)) ?? 0) >= target || undefined, {
    timeoutMs: 120_000,
    intervalMs: 100,
  });
  return Date.now() - from;
}

describe('a law firm host cut off', () => {
  it("keeps taking a company's writes with law firm B's host unreachable (3 of 4 endorse), and the firm catches up after", async () => {
    const firm = host('lawfirmb');
    expect(await height('lawfirmb')).toBeGreaterThan(0);
    setLink(firm, 'down');
    const written: Written[] = [];
    try {
      expect(await height('lawfirmb')).toBeUndefined(); // unreachable from here too
      const projectId = ownedId('P-CUT');
      for (let i = 0; i < 8; i++) written.push(await register(contractInput(projectId), 5));
    } finally {
      setLink(firm, 'up');
    }
    const healedAt = Date.now();
    const resent = written.filter((w) => w.answers.length > 1);
    note('writes with law firm B cut off', `${written.length} acknowledged, ${resent.length} after a resend: ${JSON.stringify(resent.map((w) => w.answers))}`);
    expect(written.map((w) => w.status)).toEqual(Array(8).fill(201));
    for (const { contractId } of written) expectStatus(await company('GET', `/v1/contracts/${contractId}`), 200);
    // Endorsed by the three reachable orgs: a MAJORITY without law firm B.
    for (const w of written.slice(-2)) {
      expect(await endorsersOf(net!.networkJson, 'HousingBureauMSP', 'company1', w.txId!)).toEqual(['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP']);
    }

    const target = (await height('housingbureau'))!;
    await catchUp('lawfirmb', target);
    const took = seconds(Date.now() - healedAt);
    note("law firm B's peer caught up after its host was plugged back", `${took} (to height ${target}, ${written.length} writes missed)`);
  });
});

describe("the Raft leader's host cut off mid-import", () => {
  it('elects a new leader among the other hosts and loses no acknowledged write', async () => {
    let lead = await waitFor('a Raft leader', () => leader(), { timeoutMs: 30_000 });
    if (lead === 'housingbureau') {
      // The bureau's host also serves the company's API: move leadership off it first with a short cut.
      setLink(host(lead), 'down');
      try {
        await waitFor('another Raft leader', () => leader(lead), { timeoutMs: 30_000, intervalMs: 100 });
      } finally {
        setLink(host(lead), 'up');
      }
      lead = await waitFor('one Raft leader', () => leader(), { timeoutMs: 30_000 });
    }
    const cut = host(lead);
    const projectId = ownedId('P-LEAD');
    const items = Array.from({ length: 40 }, () => contractInput(projectId));
    const keys = new Map(items.map((c) => [c.contractId, randomUUID()]));
    const results: Written[] = [];
    const importing = inParallel(items, 8, async (c) => {
      results.push(await register(c, 1, keys.get(c.contractId)));
    });
    let elected: string;
    let cutAt = 0;
    try {
      await waitFor('the first writes of the import', async () => (results.length >= 5 ? true : undefined), { timeoutMs: 120_000, intervalMs: 50 });
      cutAt = Date.now();
      setLink(cut, 'down');
      elected = await waitFor('a new Raft leader', () => leader(lead), { timeoutMs: 60_000, intervalMs: 100 });
      note(`Raft leader re-elected after cutting ${lead}'s host (its orderer led)`, `${seconds(Date.now() - cutAt)} (new leader: ${elected}'s orderer)`);
      await importing;
    } finally {
      setLink(cut, 'up');
    }
    expect(elected).not.toBe(lead);
    const acked = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    note('import during the cut', `${acked.length} of ${items.length} acknowledged (201); the others: ${JSON.stringify(refused.map((r) => r.answers[0]))}`);
    // No answer, or one saying nothing was written or the outcome is unknown: never a refusal of the request itself.
    for (const r of refused) expect(RESENDABLE).toContain(r.status);
    expect(acked.length).toBeGreaterThan(0);

    // After healing: the cut host's peer catches up, and every acknowledged contract reads back.
    const target = (await height('housingbureau'))!;
    const caughtUp = await catchUp(lead, target);
    note(`${lead}'s peer caught up after its host was plugged back`, `${seconds(caughtUp)} (to height ${target})`);
    for (const { contractId } of acked) expectStatus(await company('GET', `/v1/contracts/${contractId}`), 200);
    if (lead === 'court') {
      for (const { contractId } of acked) expectStatus(await as('court-judge1', 'court')('GET', `/v1/contracts/${contractId}`), 200);
    }
    // The company resends what was not acknowledged, with the same keys: each is written once, and the whole import is there.
    for (const r of refused)
      expect(
        (
          await register(
            items.find((c) => c.contractId === r.contractId)!,
            5,
            keys.get(r.contractId),
          )
        ).status,
      ).toBe(201);
    for (const c of items) expectStatus(await company('GET', `/v1/contracts/${c.contractId}`), 200);
    // One leader among all three again. The healed orderer may start a new term and be followed by a new election, so
    // it need not be the one elected during the cut.
    const one = async () => {
      const now = await leaders();
      return now.length === 1 ? now[0] : undefined;
    };
    const after = await waitFor('exactly one leader after healing', one, { timeoutMs: 30_000 });
    note('Raft leader after healing', `${after}'s orderer (all three reachable)`);
  });
});

describe('a new law firm joins at run time, on a host of its own', () => {
  it('org:add -- lawfirmc: 3 of 4 admins sign, its peer catches up across the bridge, and its lawyer writes through its own API', async () => {
    const started = Date.now();
    await orgAddStep(net!.env, ['lawfirmc']);
    note(
      'law firm C onboarded (CA and card on its host, update signed by 3 of 4, peer joined and caught up, chaincode approved)',
      seconds(Date.now() - started),
    );
    const status = await orgAddStatus(net!.env);
    expect(status).toMatchObject({ joined: true, endorsementMajority: { needed: 3, of: 5 } });
    expect(status.applicationOrgs).toContain('LawFirmCMSP');
    topology = loadTopology({ ...process.env, ...net!.env });
    expect(org('lawfirmc').host).toEqual({ name: 'lawfirmc.notary.test', address: host('lawfirmc').address, netns: host('lawfirmc').netns });
    // The firm's peer, in its own namespace, serves the channel at the others' height.
    const target = (await height('court'))!;
    note('law firm C peer reaches the channel height', seconds(await catchUp('lawfirmc', target)));

    // Its own API on its own host, with keys kept in its own folder; the bureau's API reloads the description naming the new firm.
    const description = readNetworkDescription(net!.networkJson);
    const store = path.join(net!.stateDir, 'orgs', 'lawfirmc', 'api', 'api-keys.json');
    for (const k of issueKeys(description, store, path.join(path.dirname(store), 'credentials.json'), 'LawFirmCMSP')) keys.set(k.clientId, k.key);
    const started2 = [
      startOrgApi({
        host: host('lawfirmc'),
        mspId: 'LawFirmCMSP',
        port: API_PORT,
        stateDir: net!.stateDir,
        networkJson: ownDescription(net!.stateDir, description, 'LawFirmCMSP'),
        apiKeysFile: store,
      }),
      api('housingbureau')
        .stop()
        .then(() =>
          startOrgApi({
            host: host('housingbureau'),
            mspId: 'HousingBureauMSP',
            port: API_PORT,
            stateDir: net!.stateDir,
            networkJson: ownDescription(net!.stateDir, description, 'HousingBureauMSP'),
            apiKeysFile: path.join(net!.stateDir, 'api', 'api-keys.json'),
          }),
        ),
    ];
    const [firmApi, bureauApi] = await Promise.all(started2);
    apis.set('lawfirmc', firmApi!);
    apis.set('housingbureau', bureauApi!);

    const c = contractInput(ownedId('P-JOIN'));
    expectStatus(await company('POST', '/v1/contracts', c), 201);
    const disputeId = ownedId('D-JOIN');
    const opening = { disputeId, contractId: c.contractId, lawFirmMspId: 'LawFirmCMSP', claimedAmountFen: 35_000, documentHashes: [newHash()] };
    expectStatus(await company('POST', '/v1/disputes', opening), 201);
    const letter = () => ({
      letterId: uniqueId('L'),
      contentSha256: newHash(),
      channel: 'SMS',
      recipientCommitment: newHash(),
      eventTime: new Date().toISOString(),
    });
    // Firm A is not retained; firm C's lawyer, through firm C's API, sends the letter.
    expect((await as('lawfirma-lawyer1', 'lawfirma')('POST', `/v1/disputes/${disputeId}/letters`, letter())).status).toBe(403);
    const sent = await as('lawfirmc-lawyer1', 'lawfirmc')('POST', `/v1/disputes/${disputeId}/letters`, letter());
    expectStatus(sent, 201);
    expect(sent.body.dispute).toMatchObject({ stage: 'LETTER_SENT', lawFirmMspId: 'LawFirmCMSP' });
    // Endorsed by a MAJORITY of the five orgs, read from the block.
    expect((await endorsersOf(net!.networkJson, 'HousingBureauMSP', 'company1', sent.body.txId)).length).toBeGreaterThanOrEqual(3);
  });
});

describe("one org's host", () => {
  it("measures the resident memory of the court's host (every process in its namespace)", () => {
    const rss = namespaceRss(host('court').netns);
    // CA, two peers, orderer, chaincode server, API.
    expect(rss.processes.length).toBeGreaterThanOrEqual(6);
    const name = (command: string) => {
      if (command.includes(path.join('api', 'server.ts'))) return 'API';
      if (command.includes('fabric-shim')) return 'chaincode server';
      return path.basename(command.split(' ')[0]!);
    };
    const each = rss.processes.map((p) => `${name(p.command)} ${p.rssMiB.toFixed(0)}`);
    note("resident memory of the court's host", `${rss.totalMiB.toFixed(0)} MiB in ${rss.processes.length} processes (MiB each: ${each.join(', ')})`);
    expect(rss.totalMiB).toBeGreaterThan(0);
  });
});

describe('cleanup', () => {
  it('removes every namespace, link, /etc/netns file and process it made', async () => {
    const pids = [...apis.values()].map((a) => a.pid);
    const runDir = path.join(net!.stateDir, 'run');
    pids.push(...fs.readdirSync(runDir).map((f) => Number(fs.readFileSync(path.join(runDir, f), 'utf8'))));
    await Promise.all([...apis.values()].map((a) => a.stop()));
    await net!.stop();
    removeAll();
    expect(ownNamespaces(PREFIX)).toEqual([]);
    expect(ownLinks(PREFIX)).toEqual([]);
    expect(fs.existsSync('/etc/netns') ? fs.readdirSync('/etc/netns').filter((n) => n.startsWith(PREFIX)) : []).toEqual([]);
    expect(pids.filter((p) => fs.existsSync(`/proc/${p}`))).toEqual([]);
    expect(fs.existsSync(net!.stateDir)).toBe(false);
  });
});

/** The network namespace a process runs in, as the inode /run/netns/<ns> names. */
const netnsInode = (netns: string) => fs.statSync(`/run/netns/${netns}`).ino;
const processNetnsInode = (pid: number) => Number(/\[(\d+)\]/.exec(fs.readlinkSync(`/proc/${pid}/ns/net`))?.[1]);
