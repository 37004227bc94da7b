// One error shape for every failure, { error: { code, message, details?,
// txId?, peers? } }, with the statuses of the README's error table:
//
//   ledger refusals and failures   LedgerError   → errors.ts ledgerErrorResponse (chaincode code's status; 502, 503)
//   our own refusals               ApiError      → its status and code (401, 409 IDEMPOTENCY_CONFLICT, …)
//   schema violations              validation    → 400 INVALID_ARGUMENT, details.field naming the field
//   Fastify's own 4xx              FRAMEWORK_ERRORS below (413 body too large, 429 rate limit, other 4xx)
//   anything else                  500 INTERNAL, logged, never shown
//   no route                       404 NOT_FOUND
//
// 4xx messages are shown; 5xx internals are logged, not leaked.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, ledgerErrorResponse, type ErrorBody } from '../errors';
import { LedgerError } from '../ports/ledger-port';

type Validation = NonNullable<FastifyError['validation']>[number];

/** Keywords whose error names a property the instance path does not reach: the field is that property. */
const PROPERTY_PARAM: Readonly<Record<string, string>> = {
  required: 'missingProperty',
  additionalProperties: 'additionalProperty',
};

/** Where a schema violation is, e.g. `body/feeTerms/billingCycle` or `querystring/pageSize`. */
export function fieldOf(context: string | undefined, first: Validation | undefined): string {
  const param = first ? PROPERTY_PARAM[first.keyword] : undefined;
  const property = param ? `/${String((first!.params as Record<string, unknown>)[param])}` : '';
  return `${context ?? 'body'}${first?.instancePath ?? ''}${property}`;
}

function schemaViolation(e: FastifyError): { status: number; body: ErrorBody } {
  const first = e.validation?.[0];
  const field = fieldOf(e.validationContext, first);
  const message = `${field} ${first?.message ?? 'is invalid'}`;
  return { status: 400, body: { error: { code: 'INVALID_ARGUMENT', message, details: { field, keyword: first?.keyword } } } };
}

const isClientError = (status: number | undefined): status is number => status !== undefined && status >= 400 && status < 500;

/** Fastify's (and its plugins') own client errors, first match wins; `status` defaults to the error's own. */
const FRAMEWORK_ERRORS: readonly { matches: (e: FastifyError) => boolean; code: string; status?: number }[] = [
  { matches: (e) => e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE', code: 'PAYLOAD_TOO_LARGE', status: 413 },
  { matches: (e) => e.statusCode === 429, code: 'RATE_LIMITED' },
  { matches: (e) => isClientError(e.statusCode), code: 'INVALID_ARGUMENT' },
];

function frameworkError(e: FastifyError): { status: number; body: ErrorBody } | undefined {
  const known = FRAMEWORK_ERRORS.find((f) => f.matches(e));
  if (!known) return undefined;
  return { status: known.status ?? e.statusCode!, body: { error: { code: known.code, message: e.message } } };
}

function apiErrorResponse(e: ApiError): { status: number; body: ErrorBody } {
  return { status: e.statusCode, body: { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } } };
}

/** The status and body for any error a handler or hook threw; undefined for an unexpected one (500). */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } | undefined {
  if (error instanceof LedgerError) return ledgerErrorResponse(error);
  if (error instanceof ApiError) return apiErrorResponse(error);
  const fe = error as FastifyError;
  if (fe.validation) return schemaViolation(fe);
  return frameworkError(fe);
}

function logLedgerError(req: FastifyRequest, error: LedgerError, status: number): void {
  const entry = { err: { kind: error.kind, code: error.code, message: error.message }, txId: error.txId, peers: error.details };
  req.log[status >= 500 ? 'error' : 'info'](entry, 'ledger refused or failed');
}

async function errorMapping(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const mapped = errorResponse(error);
    if (error instanceof LedgerError) logLedgerError(req, error, mapped!.status);
    if (mapped) return reply.code(mapped.status).send(mapped.body);
    req.log.error({ err: error }, 'unhandled error');
    const body: ErrorBody = { error: { code: 'INTERNAL', message: `internal error; see the server log for request ${req.id}` } };
    return reply.code(500).send(body);
  });

  app.setNotFoundHandler((req, reply) => {
    const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } };
    return reply.code(404).send(body);
  });
}

export default fp(errorMapping, { name: 'notary-error-mapping', fastify: '5.x' });
