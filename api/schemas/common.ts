// Shared JSON Schemas (TypeBox): request validation (ajv), the OpenAPI
// document and the TypeScript types all come from these. The API checks
// shape; the chaincode enforces existence, ownership and stage rules.
import { Type, type TLiteral, type TSchema, type TUnion } from 'typebox';
import { HEX_SHA256, IDENTIFIER, MAX_NOTE_LENGTH, OWNED_ID } from '../../chaincode/src/domain';
import { ApiError } from '../errors';

/** One of a domain enum's values (e.g. BILLING_CYCLES), as a union of literals. */
export const OneOf = <const T extends string>(values: readonly T[], options: { description?: string } = {}): TUnion<TLiteral<T>[]> =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );

export const Id = Type.String({ pattern: IDENTIFIER.source, description: 'client-chosen identifier (A-Z a-z 0-9 . _ -, at most 64)' });
/** Contract, dispute and project IDs: the ledger names them `<owning company's USCC>:<id>`; a company may send the short form. */
export const OwnedId = Type.String({
  pattern: OWNED_ID.source,
  description: "`<owning company's USCC>:<id>` as every answer spells it; a property company may send its short `<id>`",
});
export const Sha256 = Type.String({ pattern: HEX_SHA256.source, description: 'SHA-256, 64 lowercase hex characters' });
export const Fen = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'amount in integer fen (0.01 yuan)' });
export const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const Period = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'billing period YYYY-MM' });
export const Instant = Type.String({ format: 'date-time', description: 'ISO 8601 instant' });
/** What a person writes (a note, a description, a reason): taken off the shared ledger by the API (api/free-text.ts). */
export const OffLedgerText = (codeField: string) =>
  Type.String({
    minLength: 1,
    maxLength: MAX_NOTE_LENGTH,
    description:
      'never written to a block: kept in the court/bureau private collection, read back with GET /v1/notes/{commitment}; ' +
      `the record holds ${codeField} (OTHER when none is given) and the text's salted commitment`,
  });
export const TxId = Type.String({ pattern: HEX_SHA256.source, description: 'Fabric transaction ID' });

/** Any record the chaincode returns: shape owned by the chaincode (chaincode/README.md). */
export const Record_ = Type.Object({}, { additionalProperties: true });

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({
        description:
          'INVALID_ARGUMENT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, ALREADY_EXISTS, STAGE_CONFLICT, LIMIT_EXCEEDED, PAYLOAD_TOO_LARGE, RATE_LIMITED, ' +
          'OUTCOME_UNKNOWN, LEDGER_UNAVAILABLE, LEDGER_ENDORSEMENT_FAILED, LEDGER_COMMIT_FAILED, INTERNAL',
      }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
      txId: Type.Optional(Type.String({ description: 'the transaction concerned, when known' })),
      peers: Type.Optional(
        Type.Array(Type.Object({ address: Type.String(), mspId: Type.String(), message: Type.String() }), { description: "each Fabric node's own error" }),
      ),
    }),
  },
  { $id: 'ErrorBody' },
);

export const errorResponses = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('ErrorBody')]));

const WRITE_ERRORS = [400, 401, 403, 404, 409, 413, 429, 502, 503];
const READ_ERRORS = [400, 401, 403, 404, 429, 502, 503];

/** A write's answer: the transaction that wrote it, its block, and what the chaincode returned. */
export const written = <T extends TSchema>(body: T) => ({
  201: Type.Intersect([Type.Object({ txId: TxId, blockNumber: Type.String({ description: 'block that committed the transaction' }) }), body]),
  ...errorResponses(...WRITE_ERRORS),
});

export const read = <T extends TSchema>(body: T) => ({ 200: body, ...errorResponses(...READ_ERRORS) });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 128, description: 'a resend with the same key and body gets the first answer and writes nothing' }),
  ),
});

/** The chaincode's page sizes (chaincode/src/ledger/state.ts, outside the domain): 1-1000, default 100. */
const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 100;

/** Lists answer one page; follow `bookmark` (empty on the last page). */
export const PageQuery = {
  pageSize: Type.Optional(
    Type.String({ pattern: `^([1-9]\\d{0,2}|${MAX_PAGE_SIZE})$`, description: `records per page, 1-${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` }),
  ),
  bookmark: Type.Optional(Type.String({ maxLength: 1024, description: 'the bookmark the previous page returned' })),
};

/** Exactly one of the filters must be given. */
export function oneFilter<K extends string>(query: Partial<Record<K, string>>, filters: readonly K[]): K {
  const given = filters.filter((f) => query[f] !== undefined);
  if (given.length !== 1) {
    throw new ApiError(400, 'INVALID_ARGUMENT', `give exactly one of ${filters.join(', ')}`, { field: 'querystring', filters });
  }
  return given[0]!;
}
