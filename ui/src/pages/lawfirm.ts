// A law firm's page, for lawyers: open a dispute, anchor a lawyer letter (its
// SHA-256 computed here from the chosen file, which is never uploaded) and its
// delivered / viewed receipts. The disputes listed are those the firm is
// retained for (GET /v1/disputes?lawFirmMspId=, the caller's own firm), open
// ones first, the longest waiting first.
import { all, get, post } from '../api';
import { h, section, shortHash, sortableTable } from '../dom';
import { stageName, t } from '../i18n';
import { daysBetween, longestWaitingFirst, type DisputeRow } from '../stages';
import { receiptSummary, type LetterWithReceipts } from '../records';
import type { Me } from '../roles';
import { fileSha256 } from '../sha256';

const enc = encodeURIComponent;
const LETTER_CHANNELS = ['SMS', 'EMAIL', 'APP'] as const;
const RECEIPT_KINDS = ['DELIVERED', 'VIEWED'] as const;

type Letter = LetterWithReceipts;

/** A file input that shows the chosen file's SHA-256 once computed (data-sha256 holds it). */
function hashedFile(id: string): { input: HTMLInputElement; shown: HTMLElement; sha256: () => string } {
  const input = h('input', { id, type: 'file', required: true });
  const shown = h('code', { id: `${id}-sha256` });
  input.addEventListener('change', async () => {
    const f = input.files?.[0];
    shown.textContent = f ? await fileSha256(f) : '';
    shown.dataset.sha256 = shown.textContent;
  });
  return { input, shown, sha256: () => shown.dataset.sha256 ?? '' };
}

async function openDispute(disputeId: string): Promise<void> {
  const id = enc(disputeId);
  const [{ dispute }, { letters }] = await Promise.all([get(`/v1/disputes/${id}`), get(`/v1/disputes/${id}/letters`)]);
  const result = h('p', { id: 'anchor-result', role: 'status' });
  const letterFile = hashedFile('letter-file');
  const letterId = h('input', { id: 'letter-id', required: true, pattern: '[A-Za-z0-9._-]{1,64}', value: `L-${Date.now()}` });
  const channel = h('select', { id: 'letter-channel' }, ...LETTER_CHANNELS.map((c) => h('option', { value: c }, c)));
  const recipient = h('input', { id: 'letter-recipient', required: true, pattern: '[0-9a-f]{64}', size: 66 });
  const letterForm = h(
    'form',
    { id: 'letter-form' },
    h('p', { class: 'hint' }, t('lawfirm.fileHelp')),
    h('label', {}, t('col.letterId'), ' ', letterId),
    h('label', {}, t('col.channel'), ' ', channel),
    h('label', {}, t('lawfirm.recipient'), ' ', recipient),
    h('label', {}, t('lawfirm.letterFile'), ' ', letterFile.input),
    h('span', {}, 'SHA-256: ', letterFile.shown),
    h('button', { type: 'submit' }, t('lawfirm.send')),
  );
  letterForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      letterId: letterId.value,
      contentSha256: letterFile.sha256(),
      channel: channel.value,
      recipientCommitment: recipient.value,
      eventTime: new Date().toISOString(),
    };
    const out = await post(`/v1/disputes/${id}/letters`, body, { 'idempotency-key': crypto.randomUUID() });
    result.textContent = `${t('lawfirm.anchored')}${out.txId}`;
    await openDispute(disputeId);
    document.getElementById('anchor-result')!.textContent = `${t('lawfirm.anchored')}${out.txId}`;
  });
  const receiptFile = hashedFile('receipt-file');
  const receiptLetter = h(
    'select',
    { id: 'receipt-letter' },
    ...(letters as Letter[]).map(({ letter }) => h('option', { value: letter.letterId }, letter.letterId)),
  );
  const kind = h('select', { id: 'receipt-kind' }, ...RECEIPT_KINDS.map((k) => h('option', { value: k }, k)));
  const receiptForm = h(
    'form',
    { id: 'receipt-form' },
    h('label', {}, t('col.letterId'), ' ', receiptLetter),
    h('label', {}, t('col.kind'), ' ', kind),
    h('label', {}, t('lawfirm.evidenceFile'), ' ', receiptFile.input),
    h('span', {}, 'SHA-256: ', receiptFile.shown),
    h('button', { type: 'submit' }, t('lawfirm.recordReceipt')),
  );
  receiptForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { receiptId: `R-${Date.now()}`, kind: kind.value, evidenceSha256: receiptFile.sha256(), eventTime: new Date().toISOString() };
    const out = await post(`/v1/disputes/${id}/letters/${enc(receiptLetter.value)}/receipts`, body, { 'idempotency-key': crypto.randomUUID() });
    await openDispute(disputeId);
    document.getElementById('anchor-result')!.textContent = `${t('lawfirm.anchored')}${out.txId}`;
  });
  section(
    'dispute',
    `${dispute.disputeId} · ${stageName(dispute.stage)}`,
    h(
      'p',
      { id: 'dispute-stage', 'data-stage': dispute.stage },
      `${t('col.projectId')}: ${dispute.projectId} · ${t('col.stage')}: ${stageName(dispute.stage)}`,
    ),
    sortableTable(
      'letters',
      [
        { title: t('col.letterId'), cell: (l) => l.letter.letterId, key: 'letterId' },
        { title: t('col.channel'), cell: (l) => l.letter.channel },
        { title: t('col.sha256'), cell: (l) => h('code', { 'data-sha256': l.letter.contentSha256 }, shortHash(l.letter.contentSha256)) },
        { title: t('col.receipts'), cell: (l) => receiptSummary(l) || t('none'), key: 'receipts' },
      ],
      letters as Letter[],
    ),
    h('h3', {}, t('lawfirm.anchor')),
    letterForm,
    h('h3', {}, t('lawfirm.receipt')),
    receiptForm,
    result,
  );
}

/** Every dispute the firm is retained for, page after page. */
const retainedDisputes = async (mspId: string): Promise<DisputeRow[]> => (await all(`/v1/disputes?lawFirmMspId=${enc(mspId)}`, 'disputes')) as DisputeRow[];

function retainedTable(disputes: readonly DisputeRow[]): HTMLElement {
  const now = new Date();
  const table = sortableTable(
    'retained-disputes',
    [
      { title: t('col.disputeId'), cell: (d) => h('a', { href: '#', 'data-dispute': d.disputeId }, d.disputeId), key: 'disputeId' },
      { title: t('col.projectId'), cell: (d) => d.projectId, key: 'projectId' },
      { title: t('col.stage'), cell: (d) => stageName(d.stage), key: 'stage' },
      { title: t('col.age'), cell: (d) => daysBetween(d.openedAt, now), sort: (d) => daysBetween(d.openedAt, now), key: 'age' },
    ],
    longestWaitingFirst(disputes),
  );
  table.addEventListener('click', (e) => {
    const id = (e.target as HTMLElement).closest('a[data-dispute]')?.getAttribute('data-dispute');
    if (!id) return;
    e.preventDefault();
    void openDispute(id);
  });
  return table;
}

export async function render(main: HTMLElement, me: Me): Promise<void> {
  const disputeId = h('input', { id: 'dispute-id', required: true, pattern: '[A-Za-z0-9._-]{1,64}', 'aria-label': t('col.disputeId') });
  const form = h('form', { id: 'open-form' }, disputeId, h('button', { type: 'submit' }, t('lawfirm.open')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void openDispute(disputeId.value.trim());
  });
  main.replaceChildren(
    h('p', { class: 'asof' }, `${t('asof')} · ${me.mspId}`),
    section('retained', t('lawfirm.disputes'), retainedTable(await retainedDisputes(me.mspId)), h('p', { class: 'hint' }, t('lawfirm.openById')), form),
    h('section', { id: 'dispute' }),
  );
}
