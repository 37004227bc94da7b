// The court's cockpit (驾驶舱), for mediators and judges: the funnel for the
// channel and per project, disputes by stage (longest waiting first), where
// mediation ended and where triage sent disputes, and one file per case.
import { all, blob, get } from '../api';
import { barChart } from '../charts';
import { download, h, section, shortHash, sortableTable } from '../dom';
import { funnelSteps, MILESTONES, percent, type FunnelCounts } from '../funnel';
import { stageName, t, type MessageKey } from '../i18n';
import { letterDocuments, receiptSummary, type LetterWithReceipts } from '../records';
import { countByStage, daysBetween, DISPUTE_STAGES, longestWaitingFirst, MEDIATION_OUTCOMES, TRIAGE_ROUTES, type DisputeRow } from '../stages';

interface Dispute extends DisputeRow {
  claimedAmountFen: number;
}

/** Projects whose funnels are drawn, the most recently active first (every dispute is in the stage table). */
const MAX_PROJECT_FUNNELS = 30;

const milestoneTitle = (key: string) => t(`funnel.${key}` as MessageKey);

function funnelTable(id: string, funnel: FunnelCounts): HTMLTableElement {
  const steps = funnelSteps(funnel);
  return h(
    'table',
    { id, class: 'funnel' },
    h('thead', {}, h('tr', {}, h('th', {}), ...steps.map((s) => h('th', { scope: 'col' }, milestoneTitle(s.key))))),
    h(
      'tbody',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, t('funnel.count')),
        ...steps.map((s) => h('td', { 'data-key': s.key, 'data-count': s.count }, s.count.toLocaleString())),
      ),
      h('tr', {}, h('th', { scope: 'row' }, t('funnel.conversion')), ...steps.map((s) => h('td', { 'data-conversion': s.key }, percent(s.conversion)))),
    ),
  );
}

async function projectFunnels(disputes: readonly Dispute[]): Promise<HTMLElement> {
  const lastActivity = new Map<string, string>();
  for (const d of disputes) if ((lastActivity.get(d.projectId) ?? '') < d.updatedAt) lastActivity.set(d.projectId, d.updatedAt);
  const projects = [...lastActivity.entries()]
    .sort((a, b) => b[1].localeCompare(a[1]))
    .slice(0, MAX_PROJECT_FUNNELS)
    .map(([p]) => p);
  const rows = await Promise.all(
    projects.map(async (projectId) => ({ projectId, funnel: (await get(`/v1/funnel?projectId=${encodeURIComponent(projectId)}`)).funnel as FunnelCounts })),
  );
  return sortableTable(
    'funnel-projects',
    [
      { title: t('funnel.projectId'), cell: (r) => r.projectId, key: 'projectId' },
      ...MILESTONES.map((m) => ({
        title: milestoneTitle(m),
        cell: (r: (typeof rows)[number]) => r.funnel[m] ?? 0,
        sort: (r: (typeof rows)[number]) => r.funnel[m] ?? 0,
        key: m,
      })),
      {
        title: `${milestoneTitle('mediated')} / ${milestoneTitle('lettersSent')}`,
        cell: (r) => percent(r.funnel.lettersSent ? (r.funnel.mediated ?? 0) / r.funnel.lettersSent : null),
        sort: (r) => (r.funnel.lettersSent ? (r.funnel.mediated ?? 0) / r.funnel.lettersSent : -1),
      },
    ],
    rows,
  );
}

function stageCounts(id: string, title: string, disputes: readonly Dispute[], stages: readonly string[]): HTMLElement {
  const counts = countByStage(disputes, stages);
  return h(
    'div',
    { class: 'card', id },
    h('h3', {}, title),
    h('ul', { class: 'counts' }, ...stages.map((s) => h('li', { 'data-stage': s }, h('span', {}, stageName(s)), h('b', {}, counts[s] ?? 0)))),
    barChart(`${id}-chart`, stages.map(stageName), [{ label: title, data: stages.map((s) => counts[s] ?? 0) }], { horizontal: true }),
  );
}

async function caseFile(disputeId: string): Promise<void> {
  const target = section('case', `${t('case.title')} · ${disputeId}`, h('p', {}, t('loading')));
  target.scrollIntoView({ block: 'start' });
  const id = encodeURIComponent(disputeId);
  const [history, letters] = await Promise.all([get(`/v1/disputes/${id}/history`), get(`/v1/disputes/${id}/letters`)]);
  const transitions = history.transitions as {
    at: string;
    from: string | null;
    to: string;
    action: string;
    by: { mspId: string; role?: string };
    documentHashes?: string[];
    seq: number;
  }[];
  // Each transition rewrote the dispute; the write whose version is its seq is the transaction that recorded it.
  const txOf = new Map(((history.writes ?? []) as { txId: string; value: { version?: number } | null }[]).map((w) => [w.value?.version, w.txId]));
  const docs = new Set<string>();
  transitions.forEach((tr) => tr.documentHashes?.forEach((d) => docs.add(d)));
  const letterRows = letters.letters as LetterWithReceipts[];
  letterDocuments(letterRows).forEach((d) => docs.add(d));
  section(
    'case',
    `${t('case.title')} · ${disputeId}`,
    h(
      'p',
      { class: 'actions' },
      h(
        'button',
        { type: 'button', id: 'case-package', onclick: async () => download(`${disputeId}.evidence.json`, await blob(`/v1/evidence/disputes/${id}/package`)) },
        t('case.package'),
      ),
      ' ',
      h('a', { href: '/judge', id: 'case-judge' }, t('case.judge')),
    ),
    h('h3', {}, t('case.timeline')),
    sortableTable(
      'case-timeline',
      [
        { title: t('col.at'), cell: (r) => r.at, key: 'at' },
        {
          title: t('col.stage'),
          cell: (r) => h('span', { 'data-transition': `${r.from ?? ''}>${r.to}` }, `${r.from ? stageName(r.from) : '—'} → ${stageName(r.to)}`),
          key: 'stage',
        },
        { title: t('col.action'), cell: (r) => r.action },
        { title: t('col.by'), cell: (r) => `${r.by.mspId}${r.by.role ? ` ${r.by.role}` : ''}` },
        { title: t('col.documents'), cell: (r) => (r.documentHashes ?? []).map(shortHash).join(' ') },
        { title: t('col.txId'), cell: (r) => h('code', { title: txOf.get(r.seq) ?? '' }, shortHash(txOf.get(r.seq) ?? '')) },
      ],
      transitions,
    ),
    h('h3', {}, t('case.letters')),
    sortableTable(
      'case-letters',
      [
        { title: t('col.letterId'), cell: (l) => l.letter.letterId },
        { title: t('col.channel'), cell: (l) => l.letter.channel },
        { title: t('col.at'), cell: (l) => l.letter.sentAt },
        { title: t('col.sha256'), cell: (l) => shortHash(l.letter.contentSha256) },
        { title: t('col.receipts'), cell: (l) => receiptSummary(l) || t('none') },
      ],
      letterRows,
    ),
    h('h3', {}, t('case.documents')),
    h('ul', { id: 'case-documents', class: 'hashes' }, ...[...docs].map((d) => h('li', {}, h('code', {}, d)))),
  );
}

export async function render(main: HTMLElement): Promise<void> {
  const [channel, perStage] = await Promise.all([
    get('/v1/funnel'),
    Promise.all(DISPUTE_STAGES.map((stage) => all(`/v1/disputes?stage=${stage}`, 'disputes') as Promise<Dispute[]>)),
  ]);
  const disputes = perStage.flat();
  const now = new Date();
  const funnel = channel.funnel as FunnelCounts;
  main.replaceChildren(
    h('p', { class: 'asof' }, `${t('asof')} · ${now.toLocaleString()}`),
    section(
      'funnel',
      t('funnel.title'),
      funnelTable('funnel-channel', funnel),
      barChart('funnel-chart', MILESTONES.map(milestoneTitle), [{ label: t('funnel.count'), data: MILESTONES.map((m) => funnel[m] ?? 0) }], {
        logarithmic: true,
      }),
    ),
    section('funnel-per-project', t('funnel.project'), await projectFunnels(disputes)),
    section(
      'outcomes',
      `${t('outcomes.title')} · ${t('triage.title')}`,
      h(
        'div',
        { class: 'cards' },
        stageCounts('mediation-outcomes', t('outcomes.title'), disputes, MEDIATION_OUTCOMES),
        stageCounts('triage-routes', t('triage.title'), disputes, TRIAGE_ROUTES),
      ),
    ),
    section(
      'stages',
      t('stages.title'),
      stageCounts('stage-counts', t('stages.counts'), disputes, DISPUTE_STAGES),
      h('p', { class: 'hint' }, t('case.pick')),
      sortableTable(
        'disputes',
        [
          {
            title: t('col.disputeId'),
            cell: (d) =>
              h('a', { href: `#case`, 'data-dispute': d.disputeId, onclick: (e: Event) => (e.preventDefault(), void caseFile(d.disputeId)) }, d.disputeId),
            sort: (d) => d.disputeId,
          },
          { title: t('col.projectId'), cell: (d) => d.projectId },
          { title: t('col.stage'), cell: (d) => stageName(d.stage), key: 'stage' },
          { title: t('col.waiting'), cell: (d) => `${daysBetween(d.updatedAt, now)} ${t('days')}`, sort: (d) => daysBetween(d.updatedAt, now) },
          { title: t('col.age'), cell: (d) => `${daysBetween(d.openedAt, now)} ${t('days')}`, sort: (d) => daysBetween(d.openedAt, now) },
          { title: t('col.claimed'), cell: (d) => (d.claimedAmountFen / 100).toFixed(2), sort: (d) => d.claimedAmountFen },
        ],
        longestWaitingFirst(disputes),
      ),
    ),
    h('section', { id: 'case' }, h('h2', {}, t('case.title')), h('p', { class: 'hint' }, t('case.pick'))),
  );
}
