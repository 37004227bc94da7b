// The ledger for the whole app: `app.ledger` (the LedgerPort, and NotaryClients
// timed into the metrics), `app.evidence` (package exports) and, for an
// authenticated request, `request.notary`: the chaincode's business methods as
// the caller's Fabric identity. Closing the app closes the ledger.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { NotaryClient } from '../client/notary-client';
import { LedgerAccess } from '../ledger-access';
import type { EvidencePort } from '../ports/evidence-port';
import type { LedgerPort } from '../ports/ledger-port';
import { authenticated } from './auth';

declare module 'fastify' {
  interface FastifyInstance {
    ledger: LedgerAccess;
    evidence: EvidencePort;
  }
  interface FastifyRequest {
    /** The chaincode as the authenticated caller (401 when there is none). */
    readonly notary: NotaryClient;
  }
}

export interface LedgerPluginOptions {
  ledger: LedgerPort;
  evidence: EvidencePort;
  /** A project's count deltas written through this API that wait before they are folded into one (0: never). */
  compactEvery: number;
}

async function ledgerPlugin(app: FastifyInstance, opts: LedgerPluginOptions): Promise<void> {
  const access = new LedgerAccess(opts.ledger, app.metrics, opts.compactEvery);
  app.decorate('ledger', access);
  app.decorate('evidence', opts.evidence);
  app.decorateRequest('notary', {
    getter() {
      return access.client(authenticated(this), this.log, this.idempotencyClaim ?? undefined);
    },
  });
  app.addHook('onClose', async () => {
    await access.compaction.close();
    await opts.ledger.close();
  });
}

export default fp(ledgerPlugin, { name: 'notary-ledger', fastify: '5.x', dependencies: ['notary-metrics'] });
