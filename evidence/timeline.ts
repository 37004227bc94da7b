// A dispute's story for people, from a package's records: contract → arrears →
// risk warning → letter sent / delivered / viewed → mediation → outcome. Each
// entry names who (role and org), when, and the transaction, in Chinese and English.
import type { EvidencePackage } from './format';

export interface TimelineEntry {
  at: string;
  zh: string;
  en: string;
  actor: string;
  txId: string | null;
}

interface By {
  mspId?: string;
  role?: string;
}
const ROLE_ZH: Record<string, string> = {
  'property-company': '物业公司',
  lawyer: '律师',
  mediator: '调解员',
  judge: '法官',
  regulator: '房管局',
  admin: '管理员',
};
const ORG_ZH: Record<string, string> = { CourtMSP: '法院', HousingBureauMSP: '房管局', LawFirmAMSP: '律所A', LawFirmBMSP: '律所B' };
const who = (by?: By) => (by?.role ? `${ROLE_ZH[by.role] ?? by.role}（${ORG_ZH[by.mspId ?? ''] ?? by.mspId}） / ${by.role}@${by.mspId}` : '');
const yuan = (fen: number) => (fen / 100).toFixed(2);

const STAGE: Record<string, [string, string]> = {
  OPENED: ['纠纷立项', 'dispute opened'],
  LETTER_SENT: ['律师函已发送', 'lawyer letter sent'],
  DELIVERED: ['律师函已送达', 'letter delivered'],
  VIEWED: ['律师函已查看', 'letter viewed'],
  SETTLED: ['业主已缴费和解', 'owner settled'],
  REFERRED_TO_MEDIATION: ['转入诉前调解', 'referred to mediation'],
  MEDIATED_SETTLED: ['调解成功', 'mediated settlement'],
  TRIAGED_RECTIFICATION: ['分流：物业公司整改', 'triaged: rectification by the property company'],
  TRIAGED_HOUSING_BUREAU: ['分流：转房管局', 'triaged: referred to the housing bureau'],
  TRIAGED_STREET_OFFICE: ['分流：转街道办', 'triaged: referred to the street office'],
  RESOLVED: ['分流事项已解决', 'triage resolved'],
  MEDIATION_FAILED: ['调解未成功', 'mediation failed'],
  LITIGATION_RECOMMENDED: ['建议诉讼', 'litigation recommended'],
  CASE_FILED: ['法院立案', 'case filed'],
};

// eslint-disable-next-line complexity -- the timeline's decision table: one entry kind per record type of the package
export function timelineOf(pkg: EvidencePackage): TimelineEntry[] {
  const r = pkg.records as {
    dispute?: {
      transitions?: {
        to: string;
        at: string;
        by: By;
        seq: number;
        caseNumber: string | null;
        documentHashes: string[];
        action?: string;
        lawFirmMspId?: string | null;
      }[];
      writes?: { txId: string; value: { version: number } | null }[];
    };
    contract?: {
      versions?: {
        version: number;
        status: string;
        updatedAt: string;
        updatedBy: By;
        contractId: string;
        projectId: string;
        feeTerms: { monthlyFeeFen: number };
      }[];
      writes?: { txId: string; value: { version: number } | null }[];
    };
    letters?: {
      letter: { letterId: string; channel: string; sentAt: string; by: By; txId: string };
      receipts: { kind: string; eventTime: string; by: By; txId: string }[];
    }[];
    arrears?: { type: string; period: string; amountFen: number; recordedAt: string; recordedBy: By; txId?: string }[];
    riskWarnings?: { at: string; txId: string; ratio: { numerator: number; denominator: number }; thresholdBp: number }[];
  };
  const out: TimelineEntry[] = [];
  const txOf = (writes: { txId: string; value: { version: number } | null }[] | undefined, v: number) =>
    writes?.find((w) => w.value?.version === v)?.txId ?? null;

  for (const v of r.contract?.versions ?? []) {
    const [zh, en] =
      v.version === 1
        ? [
            `物业服务合同 ${v.contractId} 上链（项目 ${v.projectId}，月物业费 ${yuan(v.feeTerms.monthlyFeeFen)} 元）`,
            `service contract ${v.contractId} registered (project ${v.projectId}, monthly fee ${yuan(v.feeTerms.monthlyFeeFen)} yuan)`,
          ]
        : v.status === 'TERMINATED'
          ? [`合同终止（第 ${v.version} 版）`, `contract terminated (version ${v.version})`]
          : [`合同变更（第 ${v.version} 版）`, `contract amended (version ${v.version})`];
    out.push({ at: v.updatedAt, zh, en, actor: who(v.updatedBy), txId: txOf(r.contract?.writes, v.version) });
  }
  for (const a of r.arrears ?? []) {
    const zh = { billed: '计费', paid: '缴费', waived: '减免' }[a.type] ?? a.type;
    out.push({
      at: a.recordedAt,
      zh: `${a.period} ${zh} ${yuan(a.amountFen)} 元`,
      en: `${a.period} ${a.type} ${yuan(a.amountFen)} yuan`,
      actor: who(a.recordedBy),
      txId: a.txId ?? null,
    });
  }
  for (const w of r.riskWarnings ?? []) {
    out.push({
      at: w.at,
      zh: `项目欠费风险预警：${w.ratio.numerator}/${w.ratio.denominator} 户欠费，达到阈值 ${(w.thresholdBp / 100).toFixed(2)}%`,
      en: `project arrears risk warning: ${w.ratio.numerator}/${w.ratio.denominator} contracts overdue, at or above ${(w.thresholdBp / 100).toFixed(2)} %`,
      actor: '',
      txId: w.txId,
    });
  }
  for (const t of r.dispute?.transitions ?? []) {
    const reassigned = t.action === 'reassignLawFirm';
    if (!reassigned && ['LETTER_SENT', 'DELIVERED', 'VIEWED'].includes(t.to)) continue; // told by the letters below, with their own times
    const firm = t.lawFirmMspId ?? '';
    const [zh, en] = reassigned ? [`改为委托 ${ORG_ZH[firm] ?? firm}（${firm}）`, `law firm retained changed to ${firm}`] : (STAGE[t.to] ?? [t.to, t.to]);
    const docs = t.documentHashes.length ? `；附 ${t.documentHashes.length} 份文件哈希` : '';
    const caseNo = t.caseNumber ? `，案号 ${t.caseNumber}` : '';
    out.push({
      at: t.at,
      zh: `${zh}${caseNo}${docs}`,
      en: `${en}${t.caseNumber ? `, case ${t.caseNumber}` : ''}${t.documentHashes.length ? `; ${t.documentHashes.length} document hash(es)` : ''}`,
      actor: who(t.by),
      txId: txOf(r.dispute?.writes, t.seq),
    });
  }
  for (const { letter, receipts } of r.letters ?? []) {
    out.push({
      at: letter.sentAt,
      zh: `电子律师函发送（${letter.channel}）`,
      en: `electronic lawyer letter sent (${letter.channel})`,
      actor: who(letter.by),
      txId: letter.txId,
    });
    for (const rc of receipts) {
      const [zh, en] = rc.kind === 'DELIVERED' ? ['律师函已送达', 'letter delivered'] : ['业主已查看律师函', 'owner viewed the letter'];
      out.push({ at: rc.eventTime, zh, en, actor: who(rc.by), txId: rc.txId });
    }
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * The timeline a reader may take as fact: only from a package that verified
 * (trust anchor, signatures, attested completeness, records equal to their
 * statements), and only entries whose transaction the verifier checked.
 */
export function verifiedTimelineOf(pkg: EvidencePackage, result: { ok: boolean; facts: { transactions: { txId: string }[] } }): TimelineEntry[] {
  if (!result.ok) return [];
  const checked = new Set(result.facts.transactions.map((t) => t.txId));
  return timelineOf(pkg).filter((e) => e.txId !== null && checked.has(e.txId));
}
