// The routes' view of the ledger: a NotaryClient per request, acting as the
// authenticated caller's Fabric identity, with every chaincode call timed for
// metrics and every commit logged with its transaction ID. Writes that add
// project count deltas feed the compaction (delta-compaction.ts).
import type { FastifyBaseLogger } from 'fastify';
import type { Caller } from './auth';
import type { RequestClaim } from './idempotency';
import { NotaryClient, type FabricCall } from './client/notary-client';
import { DeltaCompaction, type FoldPorts } from './delta-compaction';
import type { Metrics } from './metrics';
import type { Acting, LedgerPort } from './ports/ledger-port';

/** The compaction's reach to the ledger: each listing and fold as the identity it is given, each call to `timed`. */
export function foldPorts(ledger: LedgerPort, timed?: (call: FabricCall) => void): FoldPorts {
  const as = (acting: Acting) => new NotaryClient(ledger, acting, timed);
  return {
    list: (acting, projectId) => as(acting).deltaTxIds(projectId),
    fold: (acting, projectId, txIds) => as(acting).compactDeltas(projectId, txIds),
  };
}

export class LedgerAccess {
  readonly compaction: DeltaCompaction;

  /** `compactEvery`: a project's deltas written through this API that wait before they are folded (0: never). */
  constructor(
    readonly ledger: LedgerPort,
    private readonly metrics: Metrics,
    compactEvery: number,
  ) {
    this.compaction = new DeltaCompaction(foldPorts(ledger, this.timed), { every: compactEvery });
  }

  /** Every chaincode call, the API's own folds included, into the metrics. */
  private readonly timed = (call: FabricCall): void => this.metrics.observeFabric(call.kind, call.contract, call.fn, call.outcome, call.seconds);

  /** The chaincode's business methods as `caller`; `log` is the request's logger; `claim` its Idempotency-Key, if any. */
  client(caller: Caller, log: FastifyBaseLogger, claim?: RequestClaim): NotaryClient {
    return NotaryClient.forRequest(
      this.ledger,
      caller,
      (call: FabricCall) => {
        this.timed(call);
        if (call.txId) log.info({ txId: call.txId, blockNumber: call.blockNumber, fn: `${call.contract}:${call.fn}` }, 'committed');
        if (call.txId && call.deltaProjects) this.compaction.noteWrite(caller, call.txId, call.deltaProjects, log);
      },
      claim,
    );
  }
}
