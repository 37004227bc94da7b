// Coded domain errors: callers branch on `code`, never on the wording of a
// message. The text form that crosses Fabric is in error-wire.ts.
import type { JsonObject } from './json-types';

export const ERROR_CODES = ['INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND', 'ALREADY_EXISTS', 'STAGE_CONFLICT', 'LIMIT_EXCEEDED'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

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
export const forbidden = (message: string, details?: JsonObject): DomainError => new DomainError('FORBIDDEN', message, details);
export const stageConflict = (message: string, details?: JsonObject): DomainError => new DomainError('STAGE_CONFLICT', message, details);
export const limitExceeded = (message: string, details?: JsonObject): DomainError => new DomainError('LIMIT_EXCEEDED', message, details);
