// What the multi-host suite reads from the outside: a node's Prometheus
// metrics on its operations endpoint (the launcher's reader), and JSON calls to an org's API.
export { channelMetric as metric } from '../../../network/native/metrics';

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One API call as a client makes it; a transport failure (host cut off) answers status 0 with the error. */
export async function call(url: string, key: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  try {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed };
  } catch (e) {
    return { status: 0, body: { error: { code: 'TRANSPORT', message: (e as Error).message } } };
  }
}
