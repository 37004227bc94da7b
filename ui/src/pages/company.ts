// A property company's page: upload contracts or billing events from CSV or
// XLSX — every row checked with the chaincode's validators before anything is
// sent, then batches with a progress bar and a receipt, each batch keyed by the
// file's content so that sending the same file again resumes; billing events with
// each project's risk evaluated once after the last batch, not after every
// one — and the company's own projects' ratios and open disputes.
import { all, ApiError, get, post, readFew, storedKey } from '../api';
import { csvRows } from '../../../uploads/csv';
import { download, h, section, sortableTable } from '../dom';
import { stageName, t, type MessageKey } from '../i18n';
import type { Me } from '../roles';
import { checkRows, COLUMNS, missingColumns, templateCsv, UPLOAD_KINDS, type Row, type UploadKind } from '../../../uploads/rows';
import { isOpenStage, type DisputeRow } from '../stages';
import { answeredIds, answeredProjects, ITEMS_PER_CALL, planBatches, receiptCsv, receiptLines, type ReceiptLine } from '../../../uploads/upload-plan';
import { fileSha256 } from '../sha256';
import { uploadKeys, type UploadKeys } from '../upload-keys';

const ROUTES: Record<UploadKind, string> = { contracts: '/v1/contracts/batch', arrears: '/v1/arrears-events/batch?riskEvaluation=deferred' };
const ID_FIELD: Record<UploadKind, string> = { contracts: 'contractId', arrears: 'eventId' };
const enc = encodeURIComponent;

/** Each project the billing batches touched, evaluated once (a few at a time); how many are at or above their threshold. */
async function evaluateOnce(projects: readonly string[], keys: UploadKeys, status: HTMLElement): Promise<{ evaluated: number; atRisk: number }> {
  let evaluated = 0;
  const answers = await readFew(
    projects,
    async (p) => {
      const out = await post(`/v1/projects/${enc(p)}/risk-evaluations`, undefined, { 'idempotency-key': await keys.risk(p) });
      status.textContent = `${t('company.evaluating')}${++evaluated} / ${projects.length}`;
      return out as { atRisk: boolean };
    },
    4,
  );
  return { evaluated, atRisk: answers.filter((a) => a.atRisk).length };
}

/** The evaluation's outcome as a line; a failure says so, every batch being on the ledger already. */
async function riskLine(projects: readonly string[], keys: UploadKeys, status: HTMLElement): Promise<HTMLElement> {
  try {
    const risk = await evaluateOnce(projects, keys, status);
    return h('p', { id: 'upload-risk' }, `${t('company.evaluated')}${risk.evaluated} · ${t('company.atRisk')}${risk.atRisk}`);
  } catch (e) {
    const message = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
    return h('p', { id: 'upload-risk-failed', class: 'error' }, `${t('company.riskFailed')}${message}`);
  }
}

async function readFile(file: File): Promise<{ header: string[]; rows: Row[] }> {
  if (/\.xlsx$/i.test(file.name)) return (await import('../xlsx')).readXlsx(file);
  return csvRows(await file.text());
}

function uploadSection(refresh: () => Promise<void>): HTMLElement {
  const kind = h('select', { id: 'upload-kind' }, ...UPLOAD_KINDS.map((k) => h('option', { value: k }, t(`company.kind.${k}` as MessageKey))));
  const file = h('input', { id: 'upload-file', type: 'file', accept: '.csv,.xlsx,text/csv' });
  const columns = h('p', { id: 'upload-columns', class: 'hint' });
  const report = h('div', { id: 'upload-report' });
  const showColumns = () => {
    const k = kind.value as UploadKind;
    columns.replaceChildren(
      `${t('company.columns')}: `,
      h('code', {}, COLUMNS[k].map((c) => (c.optional ? `[${c.name}]` : c.name)).join(', ')),
      ' ',
      h('a', { href: '#', id: 'template', onclick: (e: Event) => (e.preventDefault(), download(`${k}-template.csv`, templateCsv(k))) }, t('company.template')),
    );
  };
  kind.addEventListener('change', showColumns);
  showColumns();
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const k = kind.value as UploadKind;
    const { header, rows } = await readFile(chosen);
    const missing = missingColumns(k, header);
    if (missing.length > 0) return void report.replaceChildren(h('p', { id: 'bad-columns', class: 'error' }, `${t('company.missing')}${missing.join(', ')}`));
    const checked = checkRows<Record<string, unknown>>(k, rows);
    report.dataset.rows = String(rows.length);
    report.dataset.bad = String(checked.bad.length);
    if (checked.bad.length > 0) {
      report.replaceChildren(
        h('p', {}, `${t('company.checked')}${rows.length}`),
        h('h3', { class: 'error' }, t('company.badRows')),
        sortableTable(
          'bad-rows',
          [
            { title: t('col.row'), cell: (b) => b.row, sort: (b) => b.row },
            { title: t('col.field'), cell: (b) => b.field },
            { title: t('col.reason'), cell: (b) => b.reason },
          ],
          checked.bad,
        ),
      );
      return;
    }
    const progress = h('progress', { id: 'upload-progress', max: checked.items.length, value: 0 });
    const status = h('span', { id: 'upload-status', role: 'status' }, `0 / ${checked.items.length}`);
    const outcome = h('div', { id: 'upload-outcome' });
    const send = h('button', { type: 'button', id: 'upload-send' }, t('company.send'));
    send.addEventListener('click', async () => {
      send.disabled = true;
      const lines: ReceiptLine[] = [];
      const receipt = () =>
        h('button', { type: 'button', id: 'receipt-download', onclick: () => download(`${k}-receipt.csv`, receiptCsv(lines)) }, t('company.receipt'));
      const projects = new Set<string>();
      try {
        // Keys from the file's content: the same file sent again resumes, its committed batches answered as they were.
        const scope = { apiKey: storedKey() ?? '', kind: k, fileSha256: await fileSha256(chosen), chunkSize: ITEMS_PER_CALL };
        const keys = await uploadKeys(scope, Math.ceil(checked.items.length / ITEMS_PER_CALL));
        for (const batch of planBatches(checked.items, (i) => keys.chunks[i]!)) {
          const out = await post(ROUTES[k], { items: batch.items }, { 'idempotency-key': batch.idempotencyKey });
          for (const p of answeredProjects(out)) projects.add(p);
          const ids = answeredIds(
            out,
            batch.items.map((i) => String(i[ID_FIELD[k]])),
          );
          lines.push(...receiptLines(batch.firstRow, ids, out.transactions));
          progress.value = lines.length;
          status.textContent = `${lines.length} / ${checked.items.length}`;
        }
        outcome.replaceChildren(h('p', { id: 'upload-done' }, `${t('company.done')}${lines.length}`), receipt());
        if (projects.size > 0) outcome.append(await riskLine([...projects].sort(), keys, status));
        await refresh();
      } catch (e) {
        const message = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
        outcome.replaceChildren(
          h('p', { id: 'upload-failed', class: 'error' }, `${t('company.failed')}${lines.length} · ${message}`),
          h('p', { id: 'upload-resume' }, t('company.resume')),
          receipt(),
        );
      }
    });
    report.replaceChildren(
      h('p', { id: 'upload-ok' }, `${t('company.checked')}${rows.length} · ${t('company.allGood')}`),
      send,
      ' ',
      h('label', {}, t('company.progress'), ' ', progress),
      ' ',
      status,
      outcome,
    );
  });
  return section(
    'upload',
    t('company.upload'),
    h('p', { class: 'controls' }, h('label', {}, t('company.kind'), ' ', kind), ' ', h('label', {}, t('company.file'), ' ', file)),
    columns,
    report,
  );
}

interface ProjectRatio {
  projectId: string;
  contracts: number;
  ratio: { basisPoints: number; numerator: number; denominator: number } | null;
  thresholdBp: number | null;
  error?: string;
}

/** A project's contract count (its funnel, a sum kept per transaction) and its ratio; an error shows in its row. */
async function projectRatio(projectId: string): Promise<ProjectRatio> {
  try {
    const [funnel, ratio] = await Promise.all([get(`/v1/funnel?projectId=${enc(projectId)}`), get(`/v1/projects/${enc(projectId)}/arrears-ratio`)]);
    return { projectId, contracts: (funnel.funnel as { contracts: number }).contracts, ...ratio } as ProjectRatio;
  } catch (e) {
    return { projectId, contracts: 0, ratio: null, thresholdBp: null, error: e instanceof ApiError ? e.code : String(e) };
  }
}

async function overview(me: Me): Promise<HTMLElement[]> {
  const companyId = enc(me.companyId ?? '');
  // The company's projects (GET /v1/projects answers a company with its own), not every contract it has.
  const [projects, disputes] = await Promise.all([all('/v1/projects', 'projects'), all(`/v1/disputes?companyId=${companyId}`, 'disputes')]);
  const projectIds = (projects as { projectId: string }[]).map((p) => p.projectId);
  const ratios = await readFew(projectIds, projectRatio);
  const open = (disputes as (DisputeRow & { claimedAmountFen: number })[]).filter((d) => isOpenStage(d.stage));
  return [
    section(
      'company-projects',
      t('company.projects'),
      sortableTable(
        'company-project-table',
        [
          { title: t('col.projectId'), cell: (r) => r.projectId, key: 'projectId' },
          { title: t('col.contracts'), cell: (r) => r.contracts, sort: (r) => r.contracts, key: 'contracts' },
          {
            title: t('col.ratio'),
            cell: (r) => (r.ratio ? `${(r.ratio.basisPoints / 100).toFixed(2)}% (${r.ratio.numerator}/${r.ratio.denominator})` : `${t('error')}: ${r.error}`),
            sort: (r) => r.ratio?.basisPoints ?? -1,
          },
          { title: t('col.threshold'), cell: (r) => (r.thresholdBp === null ? '—' : `${(r.thresholdBp / 100).toFixed(2)}%`), sort: (r) => r.thresholdBp ?? -1 },
        ],
        ratios.sort((a, b) => (b.ratio?.basisPoints ?? -1) - (a.ratio?.basisPoints ?? -1)),
      ),
    ),
    section(
      'company-disputes',
      t('company.disputes'),
      sortableTable(
        'company-dispute-table',
        [
          { title: t('col.disputeId'), cell: (d) => d.disputeId },
          { title: t('col.projectId'), cell: (d) => d.projectId },
          { title: t('col.stage'), cell: (d) => stageName(d.stage) },
          { title: t('col.openedAt'), cell: (d) => d.openedAt },
          { title: t('col.claimed'), cell: (d) => (d.claimedAmountFen / 100).toFixed(2), sort: (d) => d.claimedAmountFen },
        ],
        open,
      ),
    ),
  ];
}

export async function render(main: HTMLElement, me: Me): Promise<void> {
  // section() puts each fresh section in place of the one with its id.
  const upload = uploadSection(async () => void (await overview(me)));
  main.replaceChildren(h('p', { class: 'asof' }, `${t('asof')} · ${me.companyId ?? ''}`), upload, ...(await overview(me)));
}
