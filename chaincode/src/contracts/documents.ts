// The document index: which records anchored a given SHA-256, when and by whom.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { NotaryContract } from '../ledger/endorsed-time';
import { authorize, documentAnchorsPrefix, DomainError, sha256Hex } from '../domain';
import { actorOf } from '../ledger/context';
import { guarded } from '../ledger/guard';
import { answer, type DocumentAnchor } from '../ledger/records';
import { listJson } from '../ledger/state';

@Info({ title: 'Documents', description: 'SHA-256 document index' })
export class DocumentsContract extends NotaryContract {
  constructor() {
    super('Documents');
  }

  @Transaction(false)
  @Returns('string')
  async Lookup(ctx: Context, sha256: string): Promise<string> {
    return guarded(async () => {
      authorize(actorOf(ctx), 'lookupDocument');
      const hash = sha256Hex(sha256, 'sha256');
      const anchors = await listJson<DocumentAnchor>(ctx, documentAnchorsPrefix(hash));
      if (anchors.length === 0) throw new DomainError('NOT_FOUND', `no record anchored ${hash}`, { sha256: hash });
      return answer(ctx, { sha256: hash, anchors });
    });
  }
}
