// One error type for everything the ledger can answer, keeping the cause: the
// chaincode's coded error, the gRPC code, every peer's details, the transaction ID.
import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import { validationCodeName } from '../fabric/blocks';
import { parseDomainError, type ErrorCode, type JsonObject } from '../chaincode/src/domain';

export { validationCodeName };

/**
 * - REJECTED: the chaincode refused the request with a coded error (nothing written).
 * - ENDORSEMENT_FAILED: endorsement failed for another reason (e.g. peers disagreed).
 * - UNAVAILABLE: not enough peers or orderers answered; nothing was submitted.
 * - COMMIT_FAILED: ordered but invalidated (e.g. MVCC conflict); nothing written.
 * - OUTCOME_UNKNOWN: submitted, but the commit status could not be learned; check by txId.
 */
export type LedgerErrorKind = 'REJECTED' | 'ENDORSEMENT_FAILED' | 'UNAVAILABLE' | 'COMMIT_FAILED' | 'OUTCOME_UNKNOWN';

export interface NodeDetail {
  address: string;
  mspId: string;
  message: string;
}

export class LedgerError extends Error {
  readonly kind: LedgerErrorKind;
  /** The chaincode's error code for REJECTED, else the Fabric validation code or gRPC status name. */
  readonly code: string;
  readonly details: NodeDetail[];
  readonly txId?: string;
  /** The chaincode's structured details (field at fault, …) for REJECTED. */
  readonly domainDetails?: JsonObject;

  constructor(
    kind: LedgerErrorKind,
    code: string,
    message: string,
    extra: { details?: NodeDetail[]; txId?: string; domainDetails?: JsonObject; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = 'LedgerError';
    this.kind = kind;
    this.code = code;
    this.details = extra.details ?? [];
    this.txId = extra.txId;
    this.domainDetails = extra.domainDetails;
  }

  get domainCode(): ErrorCode | undefined {
    return this.kind === 'REJECTED' ? (this.code as ErrorCode) : undefined;
  }
}

const grpcName = (code: number) => (GrpcStatus as unknown as Record<number, string>)[code] ?? String(code);
const UNAVAILABLE_CODES = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.FAILED_PRECONDITION]);

export function toLedgerError(e: unknown): LedgerError {
  if (e instanceof LedgerError) return e;
  if (e instanceof CommitError) {
    const name = validationCodeName(e.code);
    return new LedgerError('COMMIT_FAILED', name, `transaction ${e.transactionId} was invalidated: ${name}`, { txId: e.transactionId, cause: e });
  }
  if (e instanceof GatewayError) return fromGatewayError(e);
  const err = e as Error;
  return new LedgerError('UNAVAILABLE', 'UNKNOWN', err?.message ?? String(e), { cause: e });
}

/** A Fabric Gateway error: outcome unknown after submit, the chaincode's refusal (a coded domain error), unavailable or not endorsed. */
function fromGatewayError(e: GatewayError): LedgerError {
  const details = e.details.map(({ address, mspId, message }) => ({ address, mspId, message }));
  const txId = (e as Partial<EndorseError>).transactionId;
  if (e instanceof CommitStatusError || e.name === 'SubmitError') {
    return new LedgerError('OUTCOME_UNKNOWN', grpcName(e.code), `transaction ${txId} was submitted but its outcome is unknown: ${e.message}`, {
      details,
      txId,
      cause: e,
    });
  }
  for (const text of [...details.map((d) => d.message), e.message]) {
    const domain = parseDomainError(text);
    if (domain) return new LedgerError('REJECTED', domain.code, domain.message, { details, txId, domainDetails: domain.details, cause: e });
  }
  const kind = UNAVAILABLE_CODES.has(e.code) ? 'UNAVAILABLE' : 'ENDORSEMENT_FAILED';
  return new LedgerError(kind, grpcName(e.code), e.message, { details, txId, cause: e });
}

/** Worth trying the same request on another peer of the org: nothing was submitted. */
export const isFailover = (e: LedgerError) => e.kind === 'UNAVAILABLE';

/**
 * Worth resubmitting as a new transaction: it was invalidated by a concurrent write, or its endorsers read
 * different versions of a key because that write had committed on some peers only (nothing was submitted).
 */
export const isMvccConflict = (e: LedgerError) =>
  (e.kind === 'COMMIT_FAILED' && (e.code === 'MVCC_READ_CONFLICT' || e.code === 'PHANTOM_READ_CONFLICT')) ||
  (e.kind === 'ENDORSEMENT_FAILED' && e.details.some((d) => d.message.includes('ProposalResponsePayloads do not match')));
