// Batches larger than one transaction: submitted as consecutive transactions
// of at most MAX_BATCH_SIZE items, each all or nothing. Before the first one,
// the whole batch goes through the chaincode's own item validators (and a
// check for duplicate IDs across the batch), so a bad item anywhere refuses
// the batch with nothing written. On a failure of the ledger after that, the
// error names the chunks already committed, so the client resends only the rest.
// With an Idempotency-Key, chunk i claims `<key>:<i>` (NotaryClient.part): a
// resend of the whole batch skips the chunks already committed, answering
// their first transactions, and writes the rest once.
import {
  DomainError,
  MAX_BATCH_SIZE,
  ownIdFor,
  ownRegistration,
  validateArrearsEventRequest,
  validateContractRegistration,
  type ArrearsEventInput,
  type ContractRegistration,
  type JsonObject,
} from '../chaincode/src/domain';
import { ApiError } from './errors';
import { LedgerError, type Submitted } from './ports/ledger-port';

/** One refused item: its index in the whole batch, the field within the item and why. */
export interface BadItem {
  index: number;
  field: string;
  message: string;
}

/** How the chaincode validates one item of a batch (the function it runs) and which field is the item's ID. */
export interface BatchItemRule<T> {
  validate: (item: unknown) => T;
  idField: string;
  idOf: (item: T) => string;
}

/**
 * Contracts:RegisterBatch's items for a company: IDs in its own namespace as the chaincode will spell them, so
 * `C-1` and `<its USCC>:C-1` are one ID, and an ID in another company's namespace refuses the batch up front.
 */
export function contractItems(companyId: string | undefined): BatchItemRule<ContractRegistration> {
  return {
    validate: (item) => ownRegistration({ companyId }, validateContractRegistration(item)),
    idField: 'contractId',
    idOf: (c) => c.contractId,
  };
}

/** Arrears:RecordBatch's items for a company: its own contracts only, as for contracts. */
export function arrearsItems(companyId: string | undefined): BatchItemRule<ArrearsEventInput> {
  const actor = { companyId };
  return {
    // The note leaves the item before the chaincode sees it (free-text.ts): its text is checked, the rest as the chaincode will.
    validate: (item) => {
      const e = validateArrearsEventRequest(item);
      return { ...e, contractId: ownIdFor(actor, e.contractId, 'contractId') };
    },
    idField: 'eventId',
    idOf: (e) => e.eventId,
  };
}

/**
 * The item's own field and reason, from the domain's error (`termEnd: must be
 * after termStart`); `item` when the item as a whole is wrong (the domain's `body`).
 */
function badItem(index: number, error: DomainError): BadItem {
  const field = typeof error.details.field === 'string' ? error.details.field : 'body';
  const message = error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
  return { index, field: field === 'body' ? 'item' : field, message };
}

/** Every bad item of the batch (global indexes, in order), and every repeat of an ID seen earlier in it. */
export function findBadItems<T>(items: readonly unknown[], rule: BatchItemRule<T>): BadItem[] {
  const bad: BadItem[] = [];
  const firstIndexOf = new Map<string, number>();
  items.forEach((item, index) => {
    let valid: T;
    try {
      valid = rule.validate(item);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      bad.push(badItem(index, error));
      return;
    }
    const id = rule.idOf(valid);
    const first = firstIndexOf.get(id);
    if (first === undefined) firstIndexOf.set(id, index);
    else bad.push({ index, field: rule.idField, message: `duplicate ${rule.idField} ${id} in the batch (first at index ${first})` });
  });
  return bad;
}

/**
 * Refuses the whole batch (400 INVALID_ARGUMENT, details.items listing every
 * bad item) when any item fails; called before anything is submitted.
 */
export function assertValidBatch<T>(items: readonly unknown[], rule: BatchItemRule<T>): void {
  const bad = findBadItems(items, rule);
  if (bad.length === 0) return;
  const first = bad[0]!;
  throw new ApiError(
    400,
    'INVALID_ARGUMENT',
    `${bad.length} of ${items.length} items are invalid, nothing was written; ` +
      `first: items[${first.index}]${first.field === 'item' ? '' : `.${first.field}`}: ${first.message} (details.items lists them all)`,
    { items: bad },
  );
}

export interface CommittedChunk<R> {
  txId: string;
  blockNumber: string;
  count: number;
  result: R;
}

export const chunks = <T>(items: readonly T[], size = MAX_BATCH_SIZE): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Checks the whole batch against `rule` (assertValidBatch: a bad item refuses
 * it before any submit), then submits `items` chunk by chunk through
 * `submitChunk` (one transaction each, given the chunk's index). `onPartialFailure` runs before the
 * error is raised, for work owed on what did commit; what it returns joins the
 * error's details.
 */
export async function submitInChunks<T, R, V>(
  items: readonly T[],
  rule: BatchItemRule<V>,
  submitChunk: (chunk: T[], index: number) => Promise<Submitted<R>>,
  onPartialFailure?: (committed: CommittedChunk<R>[]) => Promise<Record<string, unknown>>,
): Promise<CommittedChunk<R>[]> {
  assertValidBatch(items, rule);
  const committed: CommittedChunk<R>[] = [];
  for (const [index, chunk] of chunks(items).entries()) {
    try {
      const out = await submitChunk(chunk, index);
      committed.push({ txId: out.txId, blockNumber: out.blockNumber, count: chunk.length, result: out.result });
    } catch (e) {
      if (!(e instanceof LedgerError) || committed.length === 0) throw e;
      throw await partialFailure(e, committed, chunk.length, onPartialFailure);
    }
  }
  return committed;
}

/**
 * The chunk's error, listing the transactions that committed. Items from
 * `firstUncommittedIndex` were not written, except after an unknown outcome:
 * that chunk's transaction was submitted and may still commit (it is named,
 * to be looked up before resending), and only the items after it were not sent.
 */
async function partialFailure<R>(
  e: LedgerError,
  committed: CommittedChunk<R>[],
  chunkSize: number,
  onPartialFailure?: (committed: CommittedChunk<R>[]) => Promise<Record<string, unknown>>,
): Promise<LedgerError> {
  const offset = committed.reduce((n, c) => n + c.count, 0);
  const extra = onPartialFailure ? await onPartialFailure(committed) : {};
  const unknown = e.kind === 'OUTCOME_UNKNOWN';
  const what = unknown
    ? `items ${offset} to ${offset + chunkSize - 1} are in transaction ${e.txId}, whose outcome is unknown; ` +
      `items from index ${offset + chunkSize} were not sent`
    : `items from index ${offset} were not written`;
  return new LedgerError(e.kind, e.code, `${e.message} (${what})`, {
    details: e.details,
    txId: e.txId,
    cause: e,
    domainDetails: <JsonObject>{
      ...(e.domainDetails ?? {}),
      committed: committed.map(({ txId, blockNumber, count }) => ({ txId, blockNumber, count })),
      firstUncommittedIndex: offset,
      ...(unknown && e.txId ? { outcomeUnknown: { txId: e.txId, firstIndex: offset, count: chunkSize } } : {}),
      ...extra,
    },
  });
}
