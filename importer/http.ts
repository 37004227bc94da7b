// The few calls of the /v1 API the import makes, over fetch: who the key
// belongs to (GET /v1/me), the batch routes and a project's risk evaluation.
// A refusal keeps the API's error code, message and details; a call that never
// got an answer is a network failure. Sending again is the caller's decision
// (retry.ts).

/** How a call failed: the API's answer, or none at all. */
export type Failure = { kind: 'http'; status: number; code?: string; retryAfter?: string | null } | { kind: 'network'; message: string };

export class CallFailed extends Error {
  constructor(
    readonly failure: Failure,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface Me {
  clientId: string;
  mspId: string;
  role: string;
  companyId?: string;
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked by the caller (journal.ts, upload-plan.ts)
  body: any;
  /** `true` or `partial` when the API answered (some of) the call from an earlier send. */
  replayed: string | null;
}

/** No call waits longer than this for its answer (a batch queues at most 60 s in the API, then takes a few transactions). */
export const CALL_TIMEOUT_MS = 300_000;

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The API's one error shape, `{ error: { code, message, details } }`, as a CallFailed (its status when the body is not that shape). */
function refusal(res: Response, json: unknown, text: string): CallFailed {
  const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  const code = error?.code ?? String(res.status);
  const message = error?.message ?? (text.slice(0, 200) || res.statusText);
  return new CallFailed(
    { kind: 'http', status: res.status, code, retryAfter: res.headers.get('retry-after') },
    `${res.status} ${code}: ${message}`,
    error?.details,
  );
}

export class ImportApi {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}${path}`;
    const res = await this.send(method, url, body, headers);
    const text = await res.text().catch(() => '');
    const json = parseJson(text);
    if (res.status >= 200 && res.status < 300) return { status: res.status, body: json, replayed: res.headers.get('idempotent-replayed') };
    throw refusal(res, json, text);
  }

  /** The response, or a network failure when none came. */
  private async send(method: string, url: string, body: unknown, headers: Record<string, string>): Promise<Response> {
    const contentType: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    try {
      return await this.fetchImpl(url, {
        method,
        headers: { authorization: `Bearer ${this.apiKey}`, ...contentType, ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const message = `${method} ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`;
      throw new CallFailed({ kind: 'network', message }, message);
    }
  }

  async me(): Promise<Me> {
    return (await this.call('GET', '/v1/me')).body as Me;
  }

  /** One batch call with its Idempotency-Key. */
  postBatch(route: string, items: readonly unknown[], idempotencyKey: string): Promise<Answer> {
    return this.call('POST', route, { items }, { 'idempotency-key': idempotencyKey });
  }

  /** A project's risk evaluation with its Idempotency-Key. */
  evaluateRisk(projectId: string, idempotencyKey: string): Promise<Answer> {
    return this.call('POST', `/v1/projects/${encodeURIComponent(projectId)}/risk-evaluations`, undefined, { 'idempotency-key': idempotencyKey });
  }
}
