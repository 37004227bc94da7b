// One error shape for every failure: { error: { code, message, details?, txId?, peers? } }.
// Ledger errors keep the chaincode's code, the transaction ID and every peer's message.
// The API is the one place that knows HTTP: the statuses of the README's error table live here.
import type { ErrorCode } from '../chaincode/src/domain';
import { LedgerError } from './ports/ledger-port';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown;
    txId?: string;
    peers?: { address: string; mspId: string; message: string }[];
  };
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The chaincode's refusals (LedgerError kind REJECTED), by its code. */
export const STATUS_BY_DOMAIN_CODE: Readonly<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  STAGE_CONFLICT: 409,
  LIMIT_EXCEEDED: 413,
};

/** Everything else the ledger can answer, by kind. */
const STATUS_BY_LEDGER_KIND: Readonly<Record<LedgerError['kind'], number>> = {
  REJECTED: 400, // a code the domain does not know
  ENDORSEMENT_FAILED: 502,
  COMMIT_FAILED: 502,
  UNAVAILABLE: 503,
  OUTCOME_UNKNOWN: 503,
};

/** An MVCC (or phantom read) conflict that outlived the retries is a busy ledger: try again. */
const BUSY = 503;

function ledgerStatus(e: LedgerError): number {
  if (e.domainCode) return STATUS_BY_DOMAIN_CODE[e.domainCode] ?? STATUS_BY_LEDGER_KIND.REJECTED;
  return e.code.endsWith('_CONFLICT') ? BUSY : STATUS_BY_LEDGER_KIND[e.kind];
}

/** The chaincode's code, OUTCOME_UNKNOWN, or LEDGER_<kind>. */
function ledgerCode(e: LedgerError): string {
  return e.domainCode ?? (e.kind === 'OUTCOME_UNKNOWN' ? 'OUTCOME_UNKNOWN' : `LEDGER_${e.kind}`);
}

/**
 * The chaincode's details for its refusals; Fabric's code otherwise, joined by
 * any details the API added (a chunked batch's committed transactions).
 */
function ledgerDetails(e: LedgerError): Record<string, unknown> | undefined {
  const added = e.domainDetails && Object.keys(e.domainDetails).length ? e.domainDetails : undefined;
  return e.domainCode ? added : { fabricCode: e.code, ...added };
}

export function ledgerErrorResponse(e: LedgerError): { status: number; body: ErrorBody } {
  const message = e.kind === 'OUTCOME_UNKNOWN' ? `${e.message}; check GET /v1/transactions/${e.txId} before resending` : e.message;
  const details = ledgerDetails(e);
  return {
    status: ledgerStatus(e),
    body: {
      error: {
        code: ledgerCode(e),
        message,
        ...(details ? { details } : {}),
        ...(e.txId ? { txId: e.txId } : {}),
        ...(e.details.length ? { peers: e.details } : {}),
      },
    },
  };
}
