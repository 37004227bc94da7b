// The document index: which records anchored a given SHA-256, when and by whom.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { NotaryContract } from '../ledger/endorsed-time';
import { authorize, documentAnchorsPrefix, requireReachable, sha256Hex } from '../domain';
import { actorOf } from '../ledger/context';
import { guarded } from '../ledger/guard';
import { mayReachAnchor } from '../ledger/reach';
import { answer, type DocumentAnchor } from '../ledger/records';
import { listJson } from '../ledger/state';

@Info({ title: 'Documents', description: 'SHA-256 document index' })
export class DocumentsContract extends NotaryContract {
  constructor() {
    super('Documents');
  }

  /**
   * The anchors of a document on records the caller reaches (a company its contracts and disputes, a lawyer
   * its firm's disputes and their contracts). A document with none of them answers like one never anchored.
   */
  @Transaction(false)
  @Returns('string')
  async Lookup(ctx: Context, sha256: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'lookupDocument');
      const hash = sha256Hex(sha256, 'sha256');
      const anchors: DocumentAnchor[] = [];
      for (const anchor of await listJson<DocumentAnchor>(ctx, documentAnchorsPrefix(hash))) {
        if (await mayReachAnchor(ctx, actor, anchor)) anchors.push(anchor);
      }
      const found = requireReachable(actor, anchors.length > 0 ? anchors : undefined, () => true, `document ${hash}`, { sha256: hash });
      return answer(ctx, { sha256: hash, anchors: found });
    });
  }
}
