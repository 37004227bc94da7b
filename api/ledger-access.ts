// The routes' view of the ledger: calls as the authenticated caller's Fabric
// identity, timed for metrics, with JSON arguments.
import type { FastifyRequest } from 'fastify';
import { LedgerError } from '../gateway/errors';
import type { Invocation, Ledger, Submitted } from '../gateway/ledger';
import type { Metrics } from './metrics';

export class LedgerAccess {
  constructor(readonly ledger: Ledger, private readonly metrics: Metrics) {}

  private async timed<T>(kind: 'submit' | 'evaluate', inv: Invocation, run: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    let outcome = 'ok';
    try {
      return await run();
    } catch (e) {
      outcome = e instanceof LedgerError ? e.kind : 'error';
      throw e;
    } finally {
      this.metrics.observeFabric(kind, inv.contract, inv.fn, outcome, (performance.now() - t0) / 1000);
    }
  }

  async submit<T = Record<string, unknown>>(req: FastifyRequest, contract: string, fn: string, args: unknown[], transient?: Record<string, string>): Promise<Submitted<T>> {
    const caller = req.caller!;
    const inv: Invocation = { contract, fn, args: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))), transient };
    const out = await this.timed('submit', inv, () => this.ledger.submit<T>(caller.mspId, caller.identity, inv));
    req.log.info({ txId: out.txId, blockNumber: out.blockNumber, fn: `${contract}:${fn}` }, 'committed');
    return out;
  }

  async evaluate<T = Record<string, unknown>>(req: FastifyRequest, contract: string, fn: string, args: string[]): Promise<T> {
    const caller = req.caller!;
    const inv: Invocation = { contract, fn, args };
    return this.timed('evaluate', inv, () => this.ledger.evaluate<T>(caller.mspId, caller.identity, inv));
  }
}
