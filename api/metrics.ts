// Prometheus metrics: HTTP requests and Fabric calls, with latencies.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'notary_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly fabricCalls = new Histogram({
    name: 'notary_fabric_call_duration_seconds',
    help: 'Fabric evaluate/submit latency',
    labelNames: ['kind', 'contract', 'fn', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'notary_fabric_retries_total',
    help: 'MVCC resubmissions and peer failovers',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }

  observeFabric(kind: 'submit' | 'evaluate', contract: string, fn: string, outcome: string, seconds: number): void {
    this.fabricCalls.observe({ kind, contract, fn, outcome }, seconds);
  }

  countRetry(reason: string): void {
    this.retries.inc({ reason });
  }
}
