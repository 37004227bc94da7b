// Attestations (Evidence:Attest): a read-only, signed statement about world-state
// keys, asked of each organisation separately so that every org's peer endorses
// the same canonical answer. The endorsement signs the proposal response, which
// binds the proposal header: its timestamp is the attestation's time, and like a
// write's it must lie within this endorser's time window (ledger/endorsed-time.ts,
// domain/time-window.ts TIME_CHECKED_READS).
import { createHash } from 'node:crypto';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  attestationJson,
  authorize,
  checkAttestedKeyCount,
  compositeKeyArgs,
  parseJsonObject,
  validateAttestationRequest,
  type AttestedKey,
  type AttestedPrefix,
  type AttestedWrite,
} from '../domain';
import { actorOf } from '../ledger/context';
import { NotaryContract } from '../ledger/endorsed-time';
import { guarded } from '../ledger/guard';
import { KeyReach } from '../ledger/reach';
import { keyOf } from '../ledger/state';

/** Every write of a key, oldest first. Fabric 2.x returns history newest first (checked in test/integration/attest.test.ts). */
async function writesOf(ctx: Context, key: string): Promise<AttestedWrite[]> {
  const writes: AttestedWrite[] = [];
  for await (const m of ctx.stub.getHistoryForKey(key)) writes.push({ txId: m.txId, isDelete: m.isDelete });
  return writes.reverse();
}

@Info({ title: 'Evidence', description: 'Attestations of world-state keys, endorsed by each organisation' })
export class EvidenceContract extends NotaryContract {
  constructor() {
    super('Evidence');
  }

  /**
   * `{"keys": [[objectType, ...attrs], ...], "prefixes": [[objectType, ...attrs], ...]}` →
   * `{"format": "notary-attestation/1", "keys": [{key, writes: [{txId, isDelete}] oldest first, valueSha256}],
   * "prefixes": [{prefix, keys}]}` as canonical JSON, built from ledger data only, so byte-identical on every
   * peer at the same height.
   */
  @Transaction(false)
  @Returns('string')
  async Attest(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      // Every role may attest (the exportEvidence row of the access table), but a property company or a law firm
      // only keys of records it reaches: its own, or its firm's disputes and their contracts and projects.
      const actor = actorOf(ctx);
      authorize(actor, 'exportEvidence');
      const req = validateAttestationRequest(parseJsonObject(request));
      const reach = new KeyReach(ctx, actor);
      for (const parts of [...req.keys, ...req.prefixes]) await reach.assert(parts);
      const all = new Set(req.keys.map((k) => keyOf(ctx, k)));
      checkAttestedKeyCount(all.size);
      const prefixes: AttestedPrefix[] = [];
      const seen = new Set<string>();
      for (const parts of req.prefixes) {
        const prefix = keyOf(ctx, parts);
        if (seen.has(prefix)) continue;
        seen.add(prefix);
        const keys: string[] = [];
        for await (const kv of ctx.stub.getStateByPartialCompositeKey(...compositeKeyArgs(parts))) {
          keys.push(kv.key);
          all.add(kv.key);
          checkAttestedKeyCount(all.size);
        }
        prefixes.push({ prefix, keys });
      }
      const keys: AttestedKey[] = [];
      for (const key of all) {
        const value = await ctx.stub.getState(key);
        keys.push({
          key,
          writes: await writesOf(ctx, key),
          valueSha256: value && value.length > 0 ? createHash('sha256').update(value).digest('hex') : null,
        });
      }
      return attestationJson(keys, prefixes);
    });
  }
}
