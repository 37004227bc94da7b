// The housing bureau's page, for regulators: projects by arrears ratio, worst
// first, with threshold and warnings; one project's warnings and the disputes
// triaged to rectification; setting a project's threshold.
import { all, ApiError, get, post, put, readFew } from '../api';
import { lineChart } from '../charts';
import { h, section, sortableTable } from '../dom';
import { stageName, t } from '../i18n';
import { TRIAGE_ROUTES, type DisputeRow } from '../stages';

interface ProjectRow {
  projectId: string;
  basisPoints: number;
  numerator: number;
  denominator: number;
  thresholdBp: number | null;
  atRisk: boolean;
  warnings: Warning[];
  /** The ledger's refusal, when it would not answer for this project: shown in its row, the others stay. */
  error?: string;
}

interface Warning {
  at: string;
  txId: string;
  thresholdBp: number;
  ratio: { basisPoints: number; numerator: number; denominator: number };
}

/** Projects the regulator added by ID in this tab (IDs only; every number is read from the ledger). */
const ADDED = 'notary.bureau.projects';
const added = (): string[] => JSON.parse(sessionStorage.getItem(ADDED) ?? '[]') as string[];

const bp = (value: number | null) => (value === null ? '—' : `${(value / 100).toFixed(2)}%`);
const enc = encodeURIComponent;

async function projectRow(projectId: string): Promise<ProjectRow> {
  try {
    return await readProject(projectId);
  } catch (e) {
    const error = e instanceof ApiError ? e.code : String(e);
    return { projectId, basisPoints: -1, numerator: 0, denominator: 0, thresholdBp: null, atRisk: false, warnings: [], error };
  }
}

async function readProject(projectId: string): Promise<ProjectRow> {
  const [ratio, warnings] = await Promise.all([get(`/v1/projects/${enc(projectId)}/arrears-ratio`), get(`/v1/projects/${enc(projectId)}/risk-warnings`)]);
  return {
    projectId,
    ...(ratio.ratio as { basisPoints: number; numerator: number; denominator: number }),
    thresholdBp: ratio.thresholdBp as number | null,
    atRisk: ratio.atRisk as boolean,
    warnings: (warnings.warnings as Warning[]).sort((a, b) => a.at.localeCompare(b.at)),
  };
}

/** One project's detail; `status` is the outcome of the write that led here, shown above the form. */
async function projectDetail(row: ProjectRow, status = ''): Promise<void> {
  const disputes = (await all(`/v1/disputes?projectId=${enc(row.projectId)}`, 'disputes')) as DisputeRow[];
  const triaged = disputes.filter((d) => (TRIAGE_ROUTES as readonly string[]).includes(d.stage));
  const percent = h('input', {
    id: 'threshold-percent',
    type: 'number',
    min: 0.01,
    max: 100,
    step: 0.01,
    required: true,
    value: row.thresholdBp === null ? '' : row.thresholdBp / 100,
  });
  const result = h('p', { id: 'threshold-result', role: 'status' }, status);
  // After a write, the project is read again from the ledger and drawn anew.
  const redraw = async (message: string) => projectDetail(await projectRow(row.projectId), message);
  const form = h(
    'form',
    { id: 'threshold-form' },
    h('label', {}, t('bureau.thresholdPercent'), ' ', percent),
    h('button', { type: 'submit' }, t('bureau.save')),
    h(
      'button',
      {
        type: 'button',
        id: 'evaluate',
        onclick: async () => {
          const out = await post(`/v1/projects/${enc(row.projectId)}/risk-evaluations`, undefined, { 'idempotency-key': crypto.randomUUID() });
          await redraw(`${t('bureau.saved')}${out.txId} · ${t('col.ratio')} ${bp(out.ratio.basisPoints)}`);
        },
      },
      t('bureau.evaluate'),
    ),
    result,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const thresholdBp = Math.round(Number(percent.value) * 100);
    const out = await put(`/v1/projects/${enc(row.projectId)}/risk-threshold`, { thresholdBp }, { 'idempotency-key': crypto.randomUUID() });
    await redraw(`${t('bureau.saved')}${out.txId}`);
  });
  section(
    'project',
    `${t('bureau.history')} · ${row.projectId}`,
    h('h3', {}, t('bureau.setThreshold')),
    form,
    h('h3', {}, t('bureau.ratioChart')),
    row.warnings.length === 0
      ? h('p', { class: 'hint', id: 'no-warnings' }, t('none'))
      : lineChart(
          'ratio-chart',
          row.warnings.map((w) => w.at.slice(0, 16)),
          [
            { label: t('col.ratio'), data: row.warnings.map((w) => w.ratio.basisPoints / 100) },
            { label: t('col.threshold'), data: row.warnings.map((w) => w.thresholdBp / 100) },
          ],
        ),
    sortableTable(
      'warnings',
      [
        { title: t('col.at'), cell: (w) => w.at },
        { title: t('col.ratio'), cell: (w) => `${bp(w.ratio.basisPoints)} (${w.ratio.numerator}/${w.ratio.denominator})`, sort: (w) => w.ratio.basisPoints },
        { title: t('col.threshold'), cell: (w) => bp(w.thresholdBp), sort: (w) => w.thresholdBp },
        { title: t('col.txId'), cell: (w) => w.txId.slice(0, 16) },
      ],
      row.warnings,
    ),
    h('h3', {}, t('bureau.rectifications')),
    sortableTable(
      'rectifications',
      [
        { title: t('col.disputeId'), cell: (d) => d.disputeId },
        { title: t('col.stage'), cell: (d) => stageName(d.stage) },
        { title: t('col.at'), cell: (d) => d.updatedAt },
      ],
      triaged,
    ),
  ).scrollIntoView({ block: 'start' });
}

export async function render(main: HTMLElement): Promise<void> {
  // Every project of the channel (GET /v1/projects), read a few at a time so the peers are not flooded.
  const projects = (await all('/v1/projects', 'projects')) as { projectId: string }[];
  const projectIds = [...new Set([...projects.map((p) => p.projectId), ...added()])];
  const read = await readFew(projectIds, projectRow);
  const rows = read.sort((a, b) => Number(b.atRisk) - Number(a.atRisk) || b.basisPoints - a.basisPoints);
  // Projects are named in full (`<USCC>:<id>`); the API refuses anything else with its reason.
  const addInput = h('input', { id: 'add-project', type: 'text', required: true, 'aria-label': t('col.projectId') });
  const addForm = h('form', { id: 'add-project-form' }, addInput, h('button', { type: 'submit' }, t('bureau.add')));
  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(ADDED, JSON.stringify([...new Set([...added(), addInput.value.trim()])]));
    void render(main);
  });
  main.replaceChildren(
    h('p', { class: 'asof' }, `${t('asof')} · ${new Date().toLocaleString()}`),
    section(
      'projects',
      t('bureau.projects'),
      h('p', { class: 'hint' }, t('bureau.source')),
      addForm,
      sortableTable(
        'project-table',
        [
          {
            title: t('col.projectId'),
            cell: (r) =>
              h('a', { href: '#project', 'data-project': r.projectId, onclick: (e: Event) => (e.preventDefault(), void projectDetail(r)) }, r.projectId),
            sort: (r) => r.projectId,
          },
          {
            title: t('col.ratio'),
            cell: (r) => (r.error ? `${t('error')}: ${r.error}` : `${bp(r.basisPoints)} (${r.numerator}/${r.denominator})`),
            sort: (r) => r.basisPoints,
            key: 'ratio',
          },
          { title: t('col.threshold'), cell: (r) => bp(r.thresholdBp), sort: (r) => r.thresholdBp ?? -1, key: 'threshold' },
          { title: t('col.warnings'), cell: (r) => (r.atRisk ? `⚠ ${r.warnings.length}` : r.warnings.length), sort: (r) => r.warnings.length, key: 'warnings' },
          { title: t('col.lastWarning'), cell: (r) => r.warnings.at(-1)?.at ?? t('none') },
        ],
        rows,
      ),
    ),
    h('section', { id: 'project' }),
  );
}
