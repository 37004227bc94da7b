// npm run demo: replays a small version of the Chaoyang pilot through the HTTP
// API, as its actors would: two property companies put their contracts and
// arrears on chain, the housing bureau's regulator watches the arrears ratio,
// the law firms send lawyer letters and anchor their receipts, owners settle or
// go to the court's mediation platform, which mediates, triages (rectification
// by the property company, housing bureau, street office) or recommends
// litigation, and a judge files the case. Ends with the funnel and two
// evidence exports.
//
//   API_URL=http://127.0.0.1:8080 npm run demo      (the default URL; `npm start` serves it)
//   API_CREDENTIALS=…/demo-credentials.json          (default .fabric/api/demo-credentials.json)
//
// Every run uses fresh IDs, so it can be repeated on the same network. Every
// write carries an Idempotency-Key; a 429 or a 503 (other than OUTCOME_UNKNOWN)
// is resent with the same key and body.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson, isValidResidentId, ownedIdParts, ownerOfId } from '../chaincode/src/domain';
import type { EvidencePackage } from '../evidence/format';
import { parseTrustBundle } from '../evidence/trust/bundle';
import { verifyPackage } from '../evidence/verify';
import { STATE_DIR } from '../network/native/paths';
import { DEMO_COMPANY_IDS } from '../network/topology';
import { sleep } from '../fabric/sleep';

const API_URL = (process.env.API_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const DEMO_DIR = path.join(STATE_DIR, 'demo');
/** The court's published trust bundle (network:up writes it); packages are verified against it, never against themselves. */
const TRUST_BUNDLE = process.env.TRUST_BUNDLE_FILE ?? path.join(STATE_DIR, 'trust-bundle.json');
const CREDENTIALS_FILE = process.env.API_CREDENTIALS ?? path.join(STATE_DIR, 'api', 'demo-credentials.json');
const RUN = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const STARTED = Date.now();

// ---------------------------------------------------------------- actors and HTTP

type Who = 'company1' | 'company2' | 'regulator' | 'mediator' | 'judge' | 'lawyerA' | 'lawyerB';
const ACTORS: Record<Who, { clientId: string; label: string }> = {
  company1: { clientId: 'housingbureau-company1', label: 'company1' },
  company2: { clientId: 'housingbureau-company2', label: 'company2' },
  regulator: { clientId: 'housingbureau-regulator1', label: 'regulator' },
  mediator: { clientId: 'court-mediator1', label: 'mediator' },
  judge: { clientId: 'court-judge1', label: 'judge' },
  lawyerA: { clientId: 'lawfirma-lawyer1', label: 'lawyer A' },
  lawyerB: { clientId: 'lawfirmb-lawyer1', label: 'lawyer B' },
};
const keys = new Map<Who, string>();

class DemoError extends Error {}

/** A refused or failed request: printed with the API's own error body. */
class ApiFailure extends DemoError {
  constructor(
    readonly method: string,
    readonly urlPath: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${urlPath} answered ${status}`);
  }
}

interface Written {
  txId: string;
  blockNumber: string;
}

let writeSeq = 0;

// eslint-disable-next-line complexity -- the demo's HTTP client: idempotency key, body, status and error printing in one place
async function api<T>(who: Who, method: 'GET' | 'POST' | 'PUT', urlPath: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${keys.get(who)!}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  // One key per logical write, kept across resends: the API answers a resend with the first answer.
  if (method !== 'GET') headers['idempotency-key'] = `demo-${RUN}-${++writeSeq}`;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${API_URL}${urlPath}`, { method, headers, body: payload, signal: AbortSignal.timeout(120_000) });
    } catch (e) {
      const cause = (e as Error & { cause?: Error }).cause?.message ?? (e as Error).message;
      throw new DemoError(`${method} ${API_URL}${urlPath} failed: ${cause}`);
    }
    const text = await res.text();
    if (res.ok) return JSON.parse(text) as T;
    const retryable = res.status === 429 || (res.status === 503 && !text.includes('OUTCOME_UNKNOWN'));
    if (retryable && attempt < 4) {
      await sleep(Math.max(Number(res.headers.get('retry-after') ?? 0) * 1000, 500 * 2 ** attempt));
      continue;
    }
    throw new ApiFailure(method, urlPath, res.status, text);
  }
}

// ---------------------------------------------------------------- output

const clock = () => `[+${((Date.now() - STARTED) / 1000).toFixed(1).padStart(5)}s]`;
const short = (hex: string) => `${hex.slice(0, 10)}…`;
function step(who: Who | '', what: string, w?: Written): void {
  const tx = w ? `  (tx ${short(w.txId)} block ${w.blockNumber})` : '';
  console.log(`${clock()} ${(who ? ACTORS[who].label : '').padEnd(9)} ${what}${tx}`);
}
const section = (title: string) => console.log(`\n== ${title}`);
const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (bp: number) => `${(bp / 100).toFixed(2)} %`;

// ---------------------------------------------------------------- fake but valid people

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
/** Every document the actors anchor, by its SHA-256: written next to the evidence packages at the end. */
const DOCUMENTS = new Map<string, string>();
const doc = (text: string) => {
  const hash = sha256(text);
  DOCUMENTS.set(hash, text);
  return hash;
};
const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华志东海燕鹏飞玉兰红梅建国立新晓宇欣怡浩然子涵雨婷俊杰'.split('');
const MOBILE_PREFIXES = [
  '130',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '158',
  '159',
  '166',
  '177',
  '180',
  '186',
  '187',
  '188',
  '189',
  '199',
];
/** Beijing districts: Dongcheng, Xicheng, Chaoyang, Fengtai, Haidian, Tongzhou. */
const AREA_CODES = ['110101', '110102', '110105', '110106', '110108', '110112'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643-1999: area, birth date, sequence, check character. */
function residentId(): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + randomInt(50 * 365) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `${pick(AREA_CODES)}${birth}${digits(3)}`;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  const id = `${body}${'10X98765432'[sum % 11]!}`;
  if (!isValidResidentId(id)) throw new Error(`generated an invalid resident ID ${id}`);
  return id;
}

interface Owner {
  name: string;
  phone: string;
  idNumber: string;
  salt: string;
}
function newOwner(): Owner {
  const given = Array.from({ length: 1 + randomInt(2) }, () => pick(GIVEN)).join('');
  return { name: `${pick(SURNAMES)}${given}`, phone: `${pick(MOBILE_PREFIXES)}${digits(8)}`, idNumber: residentId(), salt: randomBytes(32).toString('hex') };
}
/** The contract's ownerCommitment: SHA-256 of the canonical JSON of {idNumber, name, phone, salt}. */
const commitmentOf = (o: Owner) => sha256(canonicalJson({ idNumber: o.idNumber, name: o.name, phone: o.phone, salt: o.salt }));
const masked = (o: Owner) =>
  `${o.name[0]!}${'*'.repeat(o.name.length - 1)}, ${o.phone.slice(0, 3)}****${o.phone.slice(7)}, ID ${o.idNumber.slice(0, 6)}********${o.idNumber.slice(14)}`;

// ---------------------------------------------------------------- the pilot, scaled down

interface Project {
  projectId: string;
  name: string;
  company: 'company1' | 'company2';
  lawyer: 'lawyerA' | 'lawyerB';
  /** The law firm the company retains for the project's disputes. */
  lawFirmMspId: 'LawFirmAMSP' | 'LawFirmBMSP';
  firm: string;
  size: number;
  overdue3: number;
  overdue1: number;
}
const PROJECTS: Project[] = [
  {
    projectId: `${DEMO_COMPANY_IDS[0]}:P-${RUN}-SUN`,
    name: '阳光花园 Sunshine Garden',
    company: 'company1',
    lawyer: 'lawyerA',
    lawFirmMspId: 'LawFirmAMSP',
    firm: 'law firm A (兰台)',
    size: 60,
    overdue3: 14,
    overdue1: 8,
  },
  {
    projectId: `${DEMO_COMPANY_IDS[1]}:P-${RUN}-RIV`,
    name: '滨河家园 Riverside Home',
    company: 'company2',
    lawyer: 'lawyerB',
    lawFirmMspId: 'LawFirmBMSP',
    firm: 'law firm B (安理)',
    size: 40,
    overdue3: 4,
    overdue1: 2,
  },
];
const THRESHOLD_BP = 3000;
/** Contract, dispute and project IDs are in the owning company's namespace (`<USCC>:<id>`), as every answer spells them. */
const ownerOf = (p: Project): string => ownerOfId(p.projectId)!;
const localId = (id: string): string => ownedIdParts(id, 'id').local;

interface Contract {
  contractId: string;
  projectId: string;
  unitId: string;
  owner: Owner;
  monthlyFeeFen: number;
  unpaid: string[];
}

/** How each dispute ends in this replay. */
type Outcome = 'settle' | 'mediated' | 'rectification' | 'housingBureau' | 'streetOffice' | 'litigation' | 'pending';
interface Plan {
  project: Project;
  outcome: Outcome;
  receipts: 0 | 1 | 2;
}
interface Dispute extends Plan {
  disputeId: string;
  letterId: string;
  contract: Contract;
  stage: string;
}

const PLANS: [number, Outcome, 0 | 1 | 2][] = [
  // project index, outcome, receipts anchored (1 = DELIVERED, 2 = DELIVERED and VIEWED)
  [0, 'settle', 2],
  [0, 'settle', 2],
  [0, 'settle', 1],
  [0, 'mediated', 2],
  [0, 'rectification', 1],
  [0, 'litigation', 2],
  [0, 'pending', 2],
  [0, 'pending', 1],
  [1, 'settle', 2],
  [1, 'housingBureau', 2],
  [1, 'streetOffice', 1],
  [1, 'pending', 0],
];
const MEDIATION: readonly Outcome[] = ['mediated', 'rectification', 'housingBureau', 'streetOffice', 'litigation'];

/** The last three whole months before the current one, China time: billed, due on the 10th, now overdue. */
function pastPeriods(n: number): string[] {
  const cst = new Date(Date.now() + 8 * 3_600_000);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth() - n + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ---------------------------------------------------------------- the replay

// eslint-disable-next-line complexity -- demo preflight: each missing prerequisite (API, network, trust bundle) explained
async function preflight(): Promise<void> {
  try {
    const res = await fetch(`${API_URL}/readyz`, { signal: AbortSignal.timeout(15_000) });
    const body = (await res.json()) as { status: string; height?: string; reason?: string };
    if (res.status !== 200) throw new DemoError(`the API at ${API_URL} is up but not ready: ${body.reason ?? JSON.stringify(body)}`);
    step('', `API ${API_URL} ready, channel height ${body.height}; run ${RUN}`);
  } catch (e) {
    if (e instanceof DemoError) throw e;
    const cause = (e as Error & { cause?: Error }).cause?.message ?? (e as Error).message;
    throw new DemoError(`the API is not reachable at ${API_URL} (${cause}). Start it with \`npm start\`, or set API_URL.`);
  }
  if (!fs.existsSync(CREDENTIALS_FILE)) throw new DemoError(`${CREDENTIALS_FILE} not found: \`npm start\` issues the demo API keys (or set API_CREDENTIALS)`);
  const clients = (JSON.parse(fs.readFileSync(CREDENTIALS_FILE, 'utf8')) as { clients: { clientId: string; key: string }[] }).clients;
  for (const [who, a] of Object.entries(ACTORS) as [Who, (typeof ACTORS)[Who]][]) {
    const c = clients.find((x) => x.clientId === a.clientId);
    if (!c) throw new DemoError(`${CREDENTIALS_FILE} has no client ${a.clientId}`);
    keys.set(who, c.key);
  }
  for (const who of Object.keys(ACTORS) as Who[]) {
    try {
      // A read every role may make (each sees only what it reaches).
      await api(who, 'GET', '/v1/disputes?stage=OPENED&pageSize=1');
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 401) {
        throw new DemoError(
          `the API refuses the key of ${ACTORS[who].clientId} from ${CREDENTIALS_FILE} (401): it was issued for another key store than the API's API_KEYS_FILE`,
        );
      }
      throw e;
    }
  }
}

// eslint-disable-next-line complexity -- the demo's story, told in order; a script, not logic
async function main(): Promise<void> {
  console.log('Replaying the Chaoyang property-fee pilot (scaled down) through the notary HTTP API\n');
  await preflight();
  const periods = pastPeriods(3);

  // 1. Contracts on chain, with salted owner commitments.
  section('1. Property companies put their service contracts on chain');
  const contracts = new Map<string, Contract[]>();
  for (const p of PROJECTS) {
    const list: Contract[] = Array.from({ length: p.size }, (_, i) => ({
      contractId: `${ownerOf(p)}:HT-${RUN}-${p.projectId.slice(-3)}${String(i + 1).padStart(3, '0')}`,
      projectId: p.projectId,
      unitId: `B${1 + Math.floor(i / 20)}-${String(2 + Math.floor((i % 20) / 2)).padStart(2, '0')}0${1 + (i % 2)}`,
      owner: newOwner(),
      monthlyFeeFen: (60 + randomInt(81)) * 280, // 60-140 m² at ¥2.80 per m² and month
      unpaid: [],
    }));
    contracts.set(p.projectId, list);
    const items = list.map((c) => ({
      contractId: c.contractId,
      projectId: c.projectId,
      unitId: c.unitId,
      ownerCommitment: commitmentOf(c.owner),
      documentSha256: doc(`物业服务合同 ${c.projectId} ${c.unitId} ${c.contractId} signed ${randomBytes(8).toString('hex')}`),
      feeTerms: { monthlyFeeFen: c.monthlyFeeFen, billingCycle: 'MONTHLY', dueDayOfMonth: 10 },
      termStart: '2025-01-01',
      termEnd: '2027-12-31',
    }));
    const out = await api<Written & { count: number; transactions: unknown[] }>(p.company, 'POST', '/v1/contracts/batch', { items });
    step(p.company, `POST /v1/contracts/batch: ${out.count} contracts of ${p.name} (${p.projectId}) in ${out.transactions.length} transaction(s)`, out);
  }

  // The disputes to come, on contracts whose owners will fall behind.
  const arrearsPlan = new Map<string, Contract[]>();
  for (const p of PROJECTS) {
    const overdue = shuffled(contracts.get(p.projectId)!).slice(0, p.overdue3 + p.overdue1);
    overdue.forEach((c, i) => {
      c.unpaid = i < p.overdue3 ? [...periods] : [periods[periods.length - 1]!];
    });
    arrearsPlan.set(p.projectId, overdue);
  }
  const disputes: Dispute[] = PLANS.map(([pi, outcome, receipts], i) => {
    const project = PROJECTS[pi]!;
    const n = PLANS.slice(0, i).filter(([x]) => x === pi).length;
    return {
      project,
      outcome,
      receipts,
      disputeId: `${ownerOf(project)}:D-${RUN}-${String(i + 1).padStart(2, '0')}`,
      letterId: `LF-${RUN}-${String(i + 1).padStart(2, '0')}`,
      contract: arrearsPlan.get(project.projectId)![n]!,
      stage: 'OPENED',
    };
  });

  // 2. Owners' clear identities go to the court/bureau private collection only.
  section("2. Companies deposit owners' identities (private collection of court and bureau; the blocks hold only the commitment)");
  await Promise.all(
    disputes
      .filter((d) => MEDIATION.includes(d.outcome))
      .map(async (d) => {
        const out = await api<Written & { collection: string }>(d.project.company, 'PUT', `/v1/contracts/${d.contract.contractId}/owner`, d.contract.owner);
        step(d.project.company, `PUT /v1/contracts/${d.contract.contractId}/owner: ${masked(d.contract.owner)} → ${out.collection}`, out);
      }),
  );

  // 3. The regulator's threshold, then the arrears.
  section('3. Regulator sets the risk threshold; companies upload arrears');
  for (const p of PROJECTS) {
    const out = await api<Written>('regulator', 'PUT', `/v1/projects/${p.projectId}/risk-threshold`, { thresholdBp: THRESHOLD_BP });
    step('regulator', `PUT /v1/projects/${p.projectId}/risk-threshold: warn at ${pct(THRESHOLD_BP)} of active contracts overdue`, out);
  }
  for (const p of PROJECTS) {
    const items = contracts.get(p.projectId)!.flatMap((c) =>
      periods.flatMap((period) => {
        const id = `AR-${localId(c.contractId).slice(3)}-${period}`;
        const billed = { eventId: `${id}-B`, contractId: c.contractId, type: 'billed', period, amountFen: c.monthlyFeeFen };
        return c.unpaid.includes(period)
          ? [billed]
          : [billed, { eventId: `${id}-P`, contractId: c.contractId, type: 'paid', period, amountFen: c.monthlyFeeFen, note: '线上缴费' }];
      }),
    );
    const out = await api<
      Written & {
        count: number;
        evaluations: { projectId: string; ratio: { numerator: number; denominator: number; basisPoints: number }; atRisk: boolean; warning: unknown }[];
      }
    >(p.company, 'POST', '/v1/arrears-events/batch', { items });
    const billed = items.filter((e) => e.type === 'billed').length;
    step(
      p.company,
      `POST /v1/arrears-events/batch: ${out.count} events for ${periods[0]}..${periods[periods.length - 1]} (${billed} billed, ${out.count - billed} paid)`,
      out,
    );
    for (const ev of out.evaluations) {
      step(
        p.company,
        `  risk evaluation of ${ev.projectId}: ${ev.ratio.numerator} of ${ev.ratio.denominator} active contracts overdue = ` +
          `${pct(ev.ratio.basisPoints)} → ${ev.atRisk ? 'AT RISK' : 'below threshold'}${ev.warning ? ', warning recorded' : ''}`,
      );
    }
  }
  let warned = 0;
  for (const p of PROJECTS) {
    const w = await api<{
      warnings: { txId: string; at: string; thresholdBp: number; ratio: { numerator: number; denominator: number; basisPoints: number }; inputHash: string }[];
    }>('regulator', 'GET', `/v1/projects/${p.projectId}/risk-warnings`);
    if (w.warnings.length === 0) step('regulator', `GET /v1/projects/${p.projectId}/risk-warnings: none for ${p.name}`);
    for (const x of w.warnings) {
      warned++;
      step(
        'regulator',
        `GET /v1/projects/${p.projectId}/risk-warnings: ⚠ RISK WARNING ${p.name}: ${x.ratio.numerator}/${x.ratio.denominator} overdue = ` +
          `${pct(x.ratio.basisPoints)} ≥ ${pct(x.thresholdBp)} at ${x.at}, inputs sha256 ${short(x.inputHash)}, tx ${short(x.txId)}`,
      );
    }
  }
  if (warned === 0) throw new DemoError(`no project crossed the risk threshold: expected a warning for ${PROJECTS[0]!.projectId}`);

  // 4. Disputes and lawyer letters.
  section('4. Companies pass disputes to the law firms; lawyers send letters and anchor receipts');
  const move = (d: Dispute, out: { dispute: { stage: string } }) => {
    d.stage = out.dispute.stage;
    return d.stage;
  };
  await Promise.all(
    disputes.map(async (d) => {
      const claimed = d.contract.monthlyFeeFen * d.contract.unpaid.length;
      const out = await api<Written & { dispute: { stage: string } }>(d.project.company, 'POST', '/v1/disputes', {
        disputeId: d.disputeId,
        contractId: d.contract.contractId,
        lawFirmMspId: d.project.lawFirmMspId,
        claimedAmountFen: claimed,
        periods: d.contract.unpaid,
        description: `欠缴物业费 ${d.contract.unpaid.length} 个月`,
        documentHashes: [doc(`arrears statement ${d.contract.contractId} ${randomBytes(8).toString('hex')}`)],
      });
      step(
        d.project.company,
        `POST /v1/disputes: ${d.disputeId} on ${d.contract.unitId}, ${yuan(claimed)} for ${d.contract.unpaid.join(', ')} → ${move(d, out)}`,
        out,
      );
    }),
  );
  await Promise.all(
    disputes.map(async (d) => {
      const channel = pick(['SMS', 'EMAIL', 'APP'] as const);
      const out = await api<Written & { dispute: { stage: string } }>(d.project.lawyer, 'POST', `/v1/disputes/${d.disputeId}/letters`, {
        letterId: d.letterId,
        contentSha256: doc(`电子律师函 ${d.disputeId} ${randomBytes(8).toString('hex')}`),
        channel,
        recipientCommitment: commitmentOf(d.contract.owner),
        eventTime: new Date().toISOString(),
      });
      step(d.project.lawyer, `POST /v1/disputes/${d.disputeId}/letters: ${d.project.firm} letter ${d.letterId} by ${channel} → ${move(d, out)}`, out);
    }),
  );
  for (const [kind, min] of [
    ['DELIVERED', 1],
    ['VIEWED', 2],
  ] as const) {
    await Promise.all(
      disputes
        .filter((d) => d.receipts >= min)
        .map(async (d) => {
          const out = await api<Written & { dispute: { stage: string } }>(
            d.project.lawyer,
            'POST',
            `/v1/disputes/${d.disputeId}/letters/${d.letterId}/receipts`,
            {
              receiptId: `${d.letterId}-${kind[0]}`,
              kind,
              evidenceSha256: doc(`${kind} receipt ${d.letterId} ${randomBytes(8).toString('hex')}`),
              eventTime: new Date().toISOString(),
            },
          );
          step(d.project.lawyer, `POST /v1/disputes/${d.disputeId}/letters/${d.letterId}/receipts: ${kind} → ${move(d, out)}`, out);
        }),
    );
  }

  // 5. Owners who pay after the letter.
  section('5. Owners settle: companies record the payments and close the disputes');
  for (const p of PROJECTS) {
    const settling = disputes.filter((d) => d.project === p && d.outcome === 'settle');
    if (settling.length === 0) continue;
    const items = settling.flatMap((d) =>
      d.contract.unpaid.map((period) => ({
        eventId: `AR-${localId(d.contract.contractId).slice(3)}-${period}-S`,
        contractId: d.contract.contractId,
        type: 'paid',
        period,
        amountFen: d.contract.monthlyFeeFen,
        note: '律师函后缴清',
      })),
    );
    const out = await api<Written & { evaluations: { ratio: { numerator: number; denominator: number; basisPoints: number }; atRisk: boolean }[] }>(
      p.company,
      'POST',
      '/v1/arrears-events/batch',
      { items },
    );
    const ev = out.evaluations[0];
    step(
      p.company,
      `POST /v1/arrears-events/batch: ${items.length} payments from ${settling.length} owner(s); ${p.projectId} now ` +
        `${ev ? `${ev.ratio.numerator}/${ev.ratio.denominator} overdue = ${pct(ev.ratio.basisPoints)}${ev.atRisk ? ', still at risk' : ''}` : '?'}`,
      out,
    );
    await Promise.all(
      settling.map(async (d) => {
        const moved = await api<Written & { dispute: { stage: string } }>(p.company, 'POST', `/v1/disputes/${d.disputeId}/transitions`, {
          action: 'settleDispute',
          documentHashes: [doc(`payment receipt ${d.disputeId} ${randomBytes(8).toString('hex')}`)],
          note: '业主已缴清欠费',
        });
        step(
          p.company,
          `POST /v1/disputes/${d.disputeId}/transitions settleDispute: ${yuan(d.contract.monthlyFeeFen * d.contract.unpaid.length)} paid → ${move(d, moved)}`,
          moved,
        );
      }),
    );
  }

  // 6. The court's mediation platform.
  section('6. Unresolved disputes go to the court mediation platform');
  const toMediation = disputes.filter((d) => MEDIATION.includes(d.outcome));
  const transition = async (who: Who, d: Dispute, body: Record<string, unknown>, what: string) => {
    const out = await api<Written & { dispute: { stage: string } }>(who, 'POST', `/v1/disputes/${d.disputeId}/transitions`, { documentHashes: [], ...body });
    step(who, `POST /v1/disputes/${d.disputeId}/transitions ${String(body.action)}: ${what} → ${move(d, out)}`, out);
  };
  await Promise.all(
    toMediation.map((d) =>
      transition(
        'mediator',
        d,
        {
          action: 'referToMediation',
          documentHashes: [doc(`referral ${d.disputeId} ${randomBytes(8).toString('hex')}`)],
          note: '无讼朝阳 平台受理',
        },
        `${d.project.name}, unit ${d.contract.unitId}`,
      ),
    ),
  );
  {
    const d = toMediation[0]!;
    const o = await api<{ owner: Owner; ownerCommitment: string }>('mediator', 'GET', `/v1/contracts/${d.contract.contractId}/owner`);
    const ok = commitmentOf(o.owner) === o.ownerCommitment && o.ownerCommitment === commitmentOf(d.contract.owner);
    if (!ok) throw new DemoError(`the owner data read back for ${d.contract.contractId} does not match its commitment`);
    step(
      'mediator',
      `GET /v1/contracts/${d.contract.contractId}/owner: contacts ${masked(o.owner)}; matches the on-chain commitment ${short(o.ownerCommitment)}`,
    );
  }
  const TRIAGE: Partial<Record<Outcome, [string, string]>> = {
    rectification: ['TRIAGED_RECTIFICATION', 'service complaint: back to the property company for rectification'],
    housingBureau: ['TRIAGED_HOUSING_BUREAU', 'public-area dispute: routed to the housing bureau'],
    streetOffice: ['TRIAGED_STREET_OFFICE', 'neighbourhood matter: routed to the street office'],
  };
  await Promise.all(
    toMediation.map((d) => {
      if (d.outcome === 'mediated') {
        return transition(
          'mediator',
          d,
          {
            action: 'recordMediation',
            to: 'MEDIATED_SETTLED',
            documentHashes: [doc(`调解协议 ${d.disputeId} ${randomBytes(8).toString('hex')}`)],
            note: '调解达成协议，分期缴纳',
          },
          'mediation agreement signed (agreement hash anchored)',
        );
      }
      if (d.outcome === 'litigation')
        return transition('mediator', d, { action: 'recordMediation', to: 'MEDIATION_FAILED', note: '业主拒绝调解' }, 'owner refuses mediation');
      const [to, why] = TRIAGE[d.outcome]!;
      return transition('mediator', d, { action: 'triage', to, note: why }, why);
    }),
  );
  await Promise.all(
    toMediation.map((d) => {
      switch (d.outcome) {
        case 'rectification':
          return transition(
            'regulator',
            d,
            { action: 'resolveTriage', documentHashes: [doc(`整改报告 ${d.disputeId} ${randomBytes(8).toString('hex')}`)], note: '物业公司整改完毕，业主缴费' },
            'bureau confirms the rectification',
          );
        case 'housingBureau':
          return transition(
            'regulator',
            d,
            { action: 'resolveTriage', documentHashes: [doc(`房管局处理意见 ${d.disputeId} ${randomBytes(8).toString('hex')}`)], note: '房管局协调解决' },
            'housing bureau resolves it',
          );
        case 'streetOffice':
          return transition(
            'mediator',
            d,
            { action: 'resolveTriage', documentHashes: [doc(`街道办反馈 ${d.disputeId} ${randomBytes(8).toString('hex')}`)], note: '街道办协调解决' },
            'street office reports it resolved; the court closes it',
          );
        case 'litigation':
          return transition('mediator', d, { action: 'recommendLitigation', note: '建议诉讼' }, 'mediation failed: litigation recommended');
        default:
          return Promise.resolve();
      }
    }),
  );
  const litigated = toMediation.find((d) => d.outcome === 'litigation')!;
  const caseNumber = `（${new Date().getUTCFullYear()}）京0105民初${10000 + randomInt(90000)}号`;
  await transition(
    'judge',
    litigated,
    { action: 'fileCase', caseNumber, documentHashes: [doc(`起诉状 ${litigated.disputeId} ${randomBytes(8).toString('hex')}`)] },
    `case ${caseNumber} filed`,
  );

  // 7. Where everything ended, and what a court gets as evidence.
  section('7. Funnel (GET /v1/funnel)');
  const funnels = await Promise.all(
    [...PROJECTS.map((p) => `?projectId=${p.projectId}`), ''].map((q) =>
      api<{ funnel: Record<string, number> }>('regulator', 'GET', `/v1/funnel${q}`).then((r) => r.funnel),
    ),
  );
  const ROWS: [string, string, string][] = [
    ['contracts', 'contracts on chain', '2,068'],
    ['disputes', 'disputes', '391'],
    ['lettersSent', 'letters sent', '391'],
    ['delivered', 'delivered', '—'],
    ['viewed', 'viewed', '216'],
    ['settled', 'settled after the letter', '125'],
    ['referredToMediation', 'referred to mediation', '110'],
    ['mediated', 'mediated / resolved', '23'],
    ['litigation', 'litigation recommended', '—'],
  ];
  const thisRun = (k: string) => PROJECTS.reduce((n, _p, i) => n + (funnels[i]![k] ?? 0), 0);
  const cols = [...PROJECTS.map((p) => p.projectId), 'this run', 'whole channel', 'pilot (2 months)'];
  const width = Math.max(...cols.map((c) => c.length)) + 2;
  console.log(`${'milestone'.padEnd(26)}${cols.map((c) => c.padStart(width)).join('')}`);
  for (const [k, label, pilot] of ROWS) {
    const values = [...PROJECTS.map((_p, i) => funnels[i]![k] ?? 0), thisRun(k), funnels[PROJECTS.length]![k] ?? 0];
    console.log(`${label.padEnd(26)}${[...values.map(String), pilot].map((v) => v.padStart(width)).join('')}`);
  }
  const expected: Record<string, number> = {
    contracts: PROJECTS.reduce((n, p) => n + p.size, 0),
    disputes: disputes.length,
    lettersSent: disputes.length,
    delivered: disputes.filter((d) => d.receipts >= 1).length,
    viewed: disputes.filter((d) => d.receipts >= 2).length,
    settled: disputes.filter((d) => d.outcome === 'settle').length,
    referredToMediation: toMediation.length,
    mediated: toMediation.filter((d) => d.outcome !== 'litigation').length,
    litigation: 1,
  };
  const mismatch = Object.entries(expected).filter(([k, v]) => thisRun(k) !== v);
  if (mismatch.length)
    throw new DemoError(`funnel of this run differs from what was replayed: ${mismatch.map(([k, v]) => `${k} ${thisRun(k)} ≠ ${v}`).join(', ')}`);
  console.log(`(whole channel: every project on the shared network, earlier runs and tests included)`);

  section('8. Evidence export (GET /v1/evidence/disputes/:id)');
  for (const d of [disputes.find((x) => x.outcome === 'settle')!, litigated]) {
    const ev = await api<{
      format: string;
      transactions: { txId: string; blockNumber: string; validationCode: string }[];
      records: { dispute: { transitions: unknown[] }; letters: { receipts: unknown[] }[] };
    }>('judge', 'GET', `/v1/evidence/disputes/${d.disputeId}`);
    const blocks = [...new Set(ev.transactions.map((t) => t.blockNumber))].map(Number).sort((a, b) => a - b);
    const invalid = ev.transactions.filter((t) => t.validationCode !== 'VALID').length;
    step(
      'judge',
      `${d.disputeId} (${d.stage}${d.stage === 'CASE_FILED' ? ` ${caseNumber}` : ''}): ${ev.format}, ${ev.transactions.length} transactions in ` +
        `${blocks.length} blocks (${blocks[0]}–${blocks[blocks.length - 1]}), ${invalid === 0 ? 'all VALID' : `${invalid} not VALID`}; ` +
        `${ev.records.dispute.transitions.length} transitions, ${ev.records.letters.length} letter(s) with ` +
        `${ev.records.letters.reduce((n, l) => n + l.receipts.length, 0)} receipt(s)`,
    );
  }
  section(`9. Evidence packages for a court (GET /v1/evidence/disputes/:id/package → ${DEMO_DIR})`);
  for (const d of [disputes.find((x) => x.outcome === 'settle')!, litigated]) {
    const pkg = await api<EvidencePackage>('judge', 'GET', `/v1/evidence/disputes/${d.disputeId}/package`);
    // ':' is not allowed in file names everywhere.
    const dir = path.join(DEMO_DIR, d.disputeId.replace(':', '_'));
    fs.mkdirSync(dir, { recursive: true });
    const packageFile = path.join(dir, 'package.json');
    fs.writeFileSync(packageFile, JSON.stringify(pkg, null, 2));
    const documents = pkg.documents
      .filter((x, i, all) => all.findIndex((y) => y.sha256 === x.sha256) === i && DOCUMENTS.has(x.sha256))
      .map((x) => {
        const file = path.join(dir, `${x.recordType}-${x.sha256.slice(0, 12)}.txt`);
        fs.writeFileSync(file, DOCUMENTS.get(x.sha256)!);
        return { name: path.basename(file), bytes: fs.readFileSync(file) };
      });
    const trust = parseTrustBundle(JSON.parse(fs.readFileSync(TRUST_BUNDLE, 'utf8')));
    const result = verifyPackage(pkg, { documents, trust });
    if (!result.ok) throw new DemoError(`the package of ${d.disputeId} does not verify: ${result.firstFailure?.title}: ${result.firstFailure?.detail}`);
    step(
      'judge',
      `${d.disputeId} (${d.stage}): ${(fs.statSync(packageFile).size / 1024).toFixed(0)} KiB, ${pkg.transactions.length} transactions, ` +
        `${documents.length} documents; verified offline against the trust bundle of ${trust.issuer}: ${result.checks.length} checks passed; complete ` +
        `as of block ${result.facts.asOf?.blockNumber}, attested by ${result.facts.asOf?.attestingOrgs.join(', ')}`,
    );
    console.log(
      `           npm run verify -- ${path.relative(process.cwd(), packageFile)} --trust ${path.relative(process.cwd(), TRUST_BUNDLE)} ` +
        `${documents.map((x) => `--document ${path.relative(process.cwd(), path.join(dir, x.name))}`).join(' ')}`,
    );
  }
  console.log(`Upload a package and its documents on ${API_URL}/judge to see the verdict, the timeline and the certificate.`);

  console.log(`\nDone in ${((Date.now() - STARTED) / 1000).toFixed(1)} s: run ${RUN}, projects ${PROJECTS.map((p) => p.projectId).join(', ')}.`);
}

main().catch((e) => {
  if (e instanceof ApiFailure) {
    console.error(`\ndemo failed: ${e.message}`);
    let body = e.body;
    try {
      body = JSON.stringify(JSON.parse(e.body), null, 2);
    } catch {
      /* not JSON: print as is */
    }
    console.error(body);
  } else if (e instanceof DemoError) {
    console.error(`\ndemo failed: ${e.message}`);
  } else {
    console.error('\ndemo failed:', e);
  }
  process.exit(1);
});
