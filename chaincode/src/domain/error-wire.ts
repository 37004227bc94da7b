// The text form of a DomainError. Fabric carries only the message string of a
// chaincode failure to the gateway, so the error travels as
// `[CODE] message {details}` and the gateway parses it back; the API picks the
// HTTP status (api/errors.ts): the domain knows no HTTP.
import { canonicalJson } from './canonical-json';
import { DomainError, ERROR_CODES, isErrorCode } from './errors';
import type { JsonObject } from './json-types';

/**
 * `[CODE] message {canonical details}`. The details object is always written
 * (`{}` when empty): because it always ends the text, a message that itself
 * contains braces cannot be mistaken for it. Line breaks in the message are
 * flattened so the form survives logs and the peer's error wrapping.
 */
export function serializeDomainError(error: DomainError): string {
  const message = error.message.replace(/[\r\n]+/g, ' ');
  return `[${error.code}] ${message} ${canonicalJson(error.details)}`;
}

const TAG = new RegExp(`\\[(${ERROR_CODES.join('|')})\\] `);

/**
 * Finds a serialised DomainError inside `text` (Fabric prefixes chaincode
 * errors, e.g. "chaincode response 500, [STAGE_CONFLICT] ..."), or returns
 * undefined when there is none. Details are the leftmost ` {` whose remainder
 * is one whole JSON object, i.e. the object that ends the text.
 */
export function parseDomainError(text: string): DomainError | undefined {
  const match = TAG.exec(text);
  if (match === null || !isErrorCode(match[1])) return undefined;
  const rest = text.slice(match.index + match[0].length).trimEnd();
  for (let i = rest.indexOf(' {'); i >= 0; i = rest.indexOf(' {', i + 1)) {
    const details = tryParseObject(rest.slice(i + 1));
    if (details !== undefined) return new DomainError(match[1], rest.slice(0, i), details);
  }
  // Not produced by serializeDomainError, but keep the code and the words.
  return new DomainError(match[1], rest);
}

function tryParseObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
