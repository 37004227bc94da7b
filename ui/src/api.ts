// The /v1 API as the signed-in client: the key lives in sessionStorage (this
// tab only) and goes as a bearer token on every call. Errors keep the API's
// code and message.
const KEY = 'notary.apiKey';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const storedKey = (): string | null => sessionStorage.getItem(KEY);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are checked by the API's response schemas

/** The API's one error shape, { error: { code, message, details? } }, as an ApiError. */
function errorOf(res: Response, json: Json): ApiError {
  const e = json?.error ?? {};
  return new ApiError(res.status, e.code ?? String(res.status), e.message ?? res.statusText, e.details);
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> {
  const sent = body === undefined ? {} : { body: JSON.stringify(body), type: { 'content-type': 'application/json' } };
  const res = await fetch(path, { method, headers: { authorization: `Bearer ${storedKey() ?? ''}`, ...sent.type, ...headers }, body: sent.body });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw errorOf(res, json);
  return json;
}

export const get = (path: string): Promise<Json> => call('GET', path);
export const post = (path: string, body: unknown, headers?: Record<string, string>): Promise<Json> => call('POST', path, body, headers);
export const put = (path: string, body: unknown, headers?: Record<string, string>): Promise<Json> => call('PUT', path, body, headers);

/** `read` of every item, a few at a time so the peers are not flooded; results in the items' order. */
export async function readFew<T, R>(items: readonly T[], read: (item: T) => Promise<R>, atOnce = 8): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += atOnce) out.push(...(await Promise.all(items.slice(i, i + atOnce).map(read))));
  return out;
}

/** Every item of a paged list, following `bookmark` until it is empty. */
export async function all(path: string, field: string, pageSize = 1000): Promise<Json[]> {
  const out: Json[] = [];
  let bookmark = '';
  const sep = path.includes('?') ? '&' : '?';
  do {
    const page = await get(`${path}${sep}pageSize=${pageSize}${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`);
    out.push(...(page[field] as Json[]));
    bookmark = page.bookmark ?? '';
  } while (bookmark);
  return out;
}

/** A file from an authenticated route (e.g. an evidence package) as a Blob. */
export async function blob(path: string): Promise<Blob> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${storedKey() ?? ''}` } });
  if (!res.ok) throw new ApiError(res.status, String(res.status), res.statusText);
  return res.blob();
}
