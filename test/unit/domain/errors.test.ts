import { DomainError, ERROR_CODES, isDomainError, isErrorCode } from '../../../chaincode/src/domain/errors';
import { parseDomainError, serializeDomainError } from '../../../chaincode/src/domain/error-wire';

describe('DomainError', () => {
  it('is an Error with a code and details that default to {}', () => {
    const e = new DomainError('NOT_FOUND', 'no such contract');
    expect(e).toBeInstanceOf(Error);
    expect(isDomainError(e)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(e.name).toBe('DomainError');
    expect(e.details).toEqual({});
  });

  it('knows exactly its six codes', () => {
    expect([...ERROR_CODES].sort()).toEqual(['ALREADY_EXISTS', 'FORBIDDEN', 'INVALID_ARGUMENT', 'LIMIT_EXCEEDED', 'NOT_FOUND', 'STAGE_CONFLICT']);
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true);
    expect(isErrorCode('OOPS')).toBe(false);
  });
});

describe('wire form', () => {
  it('is `[CODE] message {canonical details}` with sorted keys', () => {
    const e = new DomainError('STAGE_CONFLICT', 'cannot fileCase', { stage: 'OPENED', action: 'fileCase' });
    expect(serializeDomainError(e)).toBe('[STAGE_CONFLICT] cannot fileCase {"action":"fileCase","stage":"OPENED"}');
    expect(serializeDomainError(new DomainError('FORBIDDEN', 'no'))).toBe('[FORBIDDEN] no {}');
  });

  it.each(ERROR_CODES)('round-trips %s', (code) => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['plain message', {}],
      ['message with {"braces": 1} inside', { nested: { a: [1, 'x {y}'] }, n: -3.5 }],
      ['', { only: 'details' }],
      ['unicode 案号（2024）京0105民初1号', { field: 'caseNumber' }],
    ];
    for (const [message, details] of cases) {
      const original = new DomainError(code, message, details as never);
      const parsed = parseDomainError(serializeDomainError(original));
      expect(parsed).toBeInstanceOf(DomainError);
      expect(parsed?.code).toBe(code);
      expect(parsed?.message).toBe(message);
      expect(parsed?.details).toEqual(details);
      expect(serializeDomainError(parsed as DomainError)).toBe(serializeDomainError(original));
    }
  });

  it('finds the error inside the text Fabric wraps it in', () => {
    const wire = serializeDomainError(new DomainError('FORBIDDEN', 'nope', { action: 'fileCase' }));
    const parsed = parseDomainError(`chaincode response 500, ${wire}\n`);
    expect(parsed?.code).toBe('FORBIDDEN');
    expect(parsed?.message).toBe('nope');
    expect(parsed?.details).toEqual({ action: 'fileCase' });
  });

  it('flattens line breaks so the message stays on one line', () => {
    const wire = serializeDomainError(new DomainError('INVALID_ARGUMENT', 'a\nb\r\nc'));
    expect(wire).toBe('[INVALID_ARGUMENT] a b c {}');
  });

  it('returns undefined for text that carries no domain error', () => {
    expect(parseDomainError('endorsement failure')).toBeUndefined();
    expect(parseDomainError('[NOT_A_CODE] x {}')).toBeUndefined();
  });

  it('keeps code and words when details are missing', () => {
    const parsed = parseDomainError('[NOT_FOUND] contract c1');
    expect(parsed?.code).toBe('NOT_FOUND');
    expect(parsed?.message).toBe('contract c1');
    expect(parsed?.details).toEqual({});
  });
});
