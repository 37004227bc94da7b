// The HTTP statuses of the chaincode's codes live in the API (api/errors.ts), not in the domain.
import { ERROR_CODES } from '../../../chaincode/src/domain/errors';
import { STATUS_BY_DOMAIN_CODE as HTTP_STATUS_BY_CODE } from '../../../api/errors';

describe('HTTP status of each domain error code', () => {
  it('maps each of the six codes to an HTTP status', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
    expect(HTTP_STATUS_BY_CODE).toEqual({
      INVALID_ARGUMENT: 400,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      ALREADY_EXISTS: 409,
      STAGE_CONFLICT: 409,
      LIMIT_EXCEEDED: 413,
    });
  });
});
