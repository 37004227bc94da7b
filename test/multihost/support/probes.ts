// What the multi-host suite reads from the outside: a node's Prometheus
// metrics on its operations endpoint, and JSON calls to an org's API.
export async function metric(address: string, port: number, name: string, channel: string, timeoutMs = 2000): Promise<number | undefined> {
  const res = await fetch(`http://${address}:${port}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  const m = new RegExp(`^${name}\\{channel="${channel}"\\} (\\d+(?:\\.\\d+)?)`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

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
