// Prometheus metrics: every request's latency by route and status (onResponse),
// served at GET /metrics (no key needed, hidden from /docs). The Fabric call
// latencies are observed through the same Metrics by the ledger plugin.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Metrics } from '../metrics';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export interface MetricsOptions {
  metrics?: Metrics;
}

async function metricsPlugin(app: FastifyInstance, opts: MetricsOptions): Promise<void> {
  const metrics = opts.metrics ?? new Metrics();
  app.decorate('metrics', metrics);
  app.addHook('onResponse', async (req, reply) => {
    metrics.observeRequest(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', metrics.contentType);
    return metrics.render();
  });
}

export default fp(metricsPlugin, { name: 'notary-metrics', fastify: '5.x' });
