// Readiness by polling, never by fixed sleeps.
import http from 'node:http';
import net from 'node:net';
import { sleep } from '../../fabric/sleep';

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, { timeoutMs = 60_000, intervalMs = 250 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    }
    await sleep(intervalMs);
  }
}

/** Status code and body of GET /healthz on an operations endpoint. */
export function healthz(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: '/healthz', timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export async function isHealthy(port: number, host = '127.0.0.1'): Promise<boolean> {
  try {
    return (await healthz(port, host)).status === 200;
  } catch {
    return false;
  }
}

export function waitHealthy(what: string, port: number, timeoutMs = 60_000, host = '127.0.0.1'): Promise<true> {
  return waitFor(what, async () => ((await isHealthy(port, host)) ? true : undefined), { timeoutMs });
}

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host, timeout: timeoutMs });
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(false));
  });
}
