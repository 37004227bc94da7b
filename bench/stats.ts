// Latency percentiles and throughput for benchmark reports.
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, i)]!;
}

export interface Summary {
  count: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export function summarise(latenciesMs: number[], failures: number, elapsedMs: number, unitsPerOp = 1): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: latenciesMs.length,
    failures,
    seconds: elapsedMs / 1000,
    perSecond: (latenciesMs.length * unitsPerOp) / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/** Runs `total` operations with at most `inFlight` at once. */
export async function runPool(
  total: number,
  inFlight: number,
  op: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; failures: number; elapsedMs: number; errors: string[] }> {
  const latencies: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        await op(i);
        latencies.push(performance.now() - t0);
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  return { latencies, failures: errors.length, elapsedMs: Date.now() - started, errors };
}
