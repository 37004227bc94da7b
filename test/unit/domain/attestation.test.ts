// Evidence:Attest: strict request validation and the canonical answer.
import {
  attestationJson,
  checkAttestedKeyCount,
  MAX_ATTESTED_KEYS,
  MAX_ATTESTED_PREFIXES,
  validateAttestationRequest,
} from '../../../chaincode/src/domain/attestation';
import type { JsonObject } from '../../../chaincode/src/domain/json-types';
import { expectCode } from './fixtures';

const req = (body: unknown) => validateAttestationRequest(body as JsonObject);

describe('validateAttestationRequest', () => {
  it('accepts keys and prefixes of known object types', () => {
    expect(
      req({
        keys: [
          ['contract', 'HT-1'],
          ['project~contract', 'P', 'HT-1'],
        ],
        prefixes: [['dispute'], ['disputeTransition', 'D-1']],
      }),
    ).toEqual({
      keys: [
        ['contract', 'HT-1'],
        ['project~contract', 'P', 'HT-1'],
      ],
      prefixes: [['dispute'], ['disputeTransition', 'D-1']],
    });
    expect(req({ keys: [], prefixes: [['contract']] }).keys).toEqual([]);
    expect(req({ keys: [['contract', 'x']], prefixes: [] }).prefixes).toEqual([]);
  });

  it.each([
    ['a missing keys field', { prefixes: [['contract']] }, 'keys'],
    ['a missing prefixes field', { keys: [['contract', 'x']] }, 'prefixes'],
    ['an unknown field', { keys: [], prefixes: [], extra: 1 }, 'extra'],
    ['keys not an array', { keys: 'contract', prefixes: [] }, 'keys'],
    ['a key not an array', { keys: ['contract'], prefixes: [] }, 'keys[0]'],
    ['a key with no attribute', { keys: [['contract']], prefixes: [] }, 'keys[0]'],
    ['an empty key', { keys: [[]], prefixes: [] }, 'keys[0]'],
    ['an empty prefix', { keys: [], prefixes: [[]] }, 'prefixes[0]'],
    ['an empty attribute', { keys: [['contract', '']], prefixes: [] }, 'keys[0][1]'],
    ['a number attribute', { keys: [['contract', 7]], prefixes: [] }, 'keys[0][1]'],
    ['a null part', { keys: [], prefixes: [['contract', null]] }, 'prefixes[0][1]'],
    ['a U+0000 inside an attribute', { keys: [['contract', 'a\u0000b']], prefixes: [] }, 'keys[0][1]'],
    ['a U+10FFFF inside an attribute', { keys: [['contract', 'a\u{10FFFF}']], prefixes: [] }, 'keys[0][1]'],
    ['an unknown objectType', { keys: [['contracts', 'x']], prefixes: [] }, 'keys[0][0]'],
    ['an unknown prefix objectType', { keys: [], prefixes: [['ownerPII']] }, 'prefixes[0][0]'],
    ['nothing to attest', { keys: [], prefixes: [] }, 'keys'],
    ['too many keys', { keys: Array.from({ length: MAX_ATTESTED_KEYS + 1 }, (_, i) => ['contract', `HT-${i}`]), prefixes: [] }, 'keys'],
    ['too many prefixes', { keys: [], prefixes: Array.from({ length: MAX_ATTESTED_PREFIXES + 1 }, (_, i) => ['contract', `HT-${i}`]) }, 'prefixes'],
  ])('refuses %s with INVALID_ARGUMENT naming the field', (_name, body, field) => {
    expectCode(() => req(body), 'INVALID_ARGUMENT', field);
  });

  it('accepts exactly the maximum counts', () => {
    const keys = Array.from({ length: MAX_ATTESTED_KEYS }, (_, i) => ['contract', `HT-${i}`]);
    const prefixes = Array.from({ length: MAX_ATTESTED_PREFIXES }, (_, i) => ['letter', `D-${i}`]);
    expect(req({ keys, prefixes }).keys).toHaveLength(MAX_ATTESTED_KEYS);
  });

  it('limits the keys found under prefixes too', () => {
    expect(() => checkAttestedKeyCount(MAX_ATTESTED_KEYS)).not.toThrow();
    expectCode(() => checkAttestedKeyCount(MAX_ATTESTED_KEYS + 1), 'LIMIT_EXCEEDED');
  });
});

describe('attestationJson', () => {
  const k = (key: string, txIds: string[], sha: string | null = 'ab') => ({ key, writes: txIds.map((txId) => ({ txId, isDelete: false })), valueSha256: sha });

  it('is canonical JSON with the format, keys sorted and each once, prefixes sorted', () => {
    const text = attestationJson(
      [k('\u0000contract\u0000b\u0000', ['t2']), k('\u0000contract\u0000a\u0000', ['t0', 't1'], null), k('\u0000contract\u0000b\u0000', ['t2'])],
      [
        { prefix: '\u0000letter\u0000', keys: [] },
        { prefix: '\u0000contract\u0000', keys: ['\u0000contract\u0000a\u0000', '\u0000contract\u0000b\u0000'] },
      ],
    );
    expect(JSON.parse(text)).toEqual({
      format: 'notary-attestation/1',
      keys: [
        {
          key: '\u0000contract\u0000a\u0000',
          writes: [
            { txId: 't0', isDelete: false },
            { txId: 't1', isDelete: false },
          ],
          valueSha256: null,
        },
        { key: '\u0000contract\u0000b\u0000', writes: [{ txId: 't2', isDelete: false }], valueSha256: 'ab' },
      ],
      prefixes: [
        { prefix: '\u0000contract\u0000', keys: ['\u0000contract\u0000a\u0000', '\u0000contract\u0000b\u0000'] },
        { prefix: '\u0000letter\u0000', keys: [] },
      ],
    });
    expect(text.startsWith('{"format":"notary-attestation/1","keys":[{"key":"\\u0000contract')).toBe(true);
  });

  it('gives the same bytes whatever order the entries came in', () => {
    const a = [k('\u0000dispute\u0000x\u0000', ['t1']), k('\u0000contract\u0000y\u0000', ['t2'])];
    expect(attestationJson(a, [])).toBe(attestationJson([...a].reverse(), []));
  });

  it('keeps the writes in the order given (oldest first) and only txId and isDelete', () => {
    const text = attestationJson(
      [{ key: 'k', writes: [{ txId: 'old', isDelete: false }, { txId: 'new', isDelete: true, extra: 1 } as never], valueSha256: null }],
      [],
    );
    expect(JSON.parse(text).keys[0].writes).toEqual([
      { txId: 'old', isDelete: false },
      { txId: 'new', isDelete: true },
    ]);
  });
});
