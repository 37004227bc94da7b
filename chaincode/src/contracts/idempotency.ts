// Which transaction did the work for one of the caller's idempotency keys: the
// API asks before it writes, and replays the first answer when there is one.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalJson, idempotencyKeyText } from '../domain';
import { guarded } from '../ledger/guard';
import { NotaryContract } from '../ledger/endorsed-time';
import { idempotencyRecord } from '../ledger/idempotency';

@Info({ title: 'Idempotency', description: "The caller's own idempotency records" })
export class IdempotencyContract extends NotaryContract {
  constructor() {
    super('Idempotency');
  }

  /** `{ record: { fn, requestSha256, txId } | null }` for the calling identity's key; no one can read another's. */
  @Transaction(false)
  @Returns('string')
  async Get(ctx: Context, key: string): Promise<string> {
    return guarded(async () => {
      const record = await idempotencyRecord(ctx, idempotencyKeyText(key, 'key'));
      return canonicalJson({ record: record ?? null });
    });
  }
}
