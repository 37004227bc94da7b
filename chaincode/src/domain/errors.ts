// Coded domain errors: callers branch on `code`, never on the wording of a
// message. The text form that crosses Fabric is in error-wire.ts.
import type { JsonObject } from './json-types';

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'FORBIDDEN',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'STAGE_CONFLICT',
  'LIMIT_EXCEEDED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Suggested HTTP mapping for the gateway (DESIGN.md "The gateway and the API"). */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  STAGE_CONFLICT: 409,
  LIMIT_EXCEEDED: 413,
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** Always an object (empty when none) so the wire form round-trips exactly. */
  readonly details: JsonObject;

  constructor(code: ErrorCode, message: string, details: JsonObject = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** Shorthands so call sites read as the rule they enforce. */
export const invalidArgument = (field: string, message: string, details: JsonObject = {}): DomainError =>
  new DomainError('INVALID_ARGUMENT', `${field}: ${message}`, { field, ...details });
export const forbidden = (message: string, details?: JsonObject): DomainError =>
  new DomainError('FORBIDDEN', message, details);
export const stageConflict = (message: string, details?: JsonObject): DomainError =>
  new DomainError('STAGE_CONFLICT', message, details);
export const limitExceeded = (message: string, details?: JsonObject): DomainError =>
  new DomainError('LIMIT_EXCEEDED', message, details);
