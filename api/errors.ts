// One error shape for every failure: { error: { code, message, details?, txId?, peers? } }.
// Ledger errors keep the chaincode's code, the transaction ID and every peer's message.
import { HTTP_STATUS_BY_CODE } from '../chaincode/src/domain';
import { LedgerError } from '../gateway/errors';

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
  constructor(readonly statusCode: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

const LEDGER_STATUS: Record<LedgerError['kind'], number> = {
  REJECTED: 400, // replaced by the chaincode code's own status
  ENDORSEMENT_FAILED: 502,
  COMMIT_FAILED: 502,
  UNAVAILABLE: 503,
  OUTCOME_UNKNOWN: 503,
};

export function ledgerErrorResponse(e: LedgerError): { status: number; body: ErrorBody } {
  const domainCode = e.domainCode;
  // An MVCC conflict that outlived the retries is a busy ledger: try again.
  const status = domainCode ? HTTP_STATUS_BY_CODE[domainCode] : e.code.endsWith('_CONFLICT') ? 503 : LEDGER_STATUS[e.kind];
  const code = domainCode ?? (e.kind === 'OUTCOME_UNKNOWN' ? 'OUTCOME_UNKNOWN' : `LEDGER_${e.kind}`);
  const message = e.kind === 'OUTCOME_UNKNOWN'
    ? `${e.message}; check GET /v1/transactions/${e.txId} before resending`
    : e.message;
  return {
    status,
    body: {
      error: {
        code,
        message,
        ...(e.domainDetails && Object.keys(e.domainDetails).length ? { details: e.domainDetails } : {}),
        ...(domainCode ? {} : { details: { fabricCode: e.code } }),
        ...(e.txId ? { txId: e.txId } : {}),
        ...(e.details.length ? { peers: e.details } : {}),
      },
    },
  };
}
