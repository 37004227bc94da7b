import { canonicalJson, MAX_JSON_DEPTH, parseJsonObject } from '../../../chaincode/src/domain/canonical-json';
import { expectCode } from './fixtures';

describe('canonicalJson', () => {
  it('sorts keys recursively, including inside arrays', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('does not depend on insertion order', () => {
    const x = { one: 1, two: 2, three: { b: true, a: false } };
    const y = { three: { a: false, b: true }, two: 2, one: 1 };
    expect(canonicalJson(x)).toBe(canonicalJson(y));
  });

  it('sorts by UTF-16 code units (upper case before lower, digits first)', () => {
    expect(canonicalJson({ b: 0, B: 0, '1': 0, é: 0, a: 0 })).toBe('{"1":0,"B":0,"a":0,"b":0,"é":0}');
  });

  it('writes primitives in their one JSON form', () => {
    expect(canonicalJson('x"\n')).toBe('"x\\"\\n"');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson(Object.create(null))).toBe('{}');
  });

  it.each([
    ['NaN', NaN, '$'],
    ['Infinity', { a: Infinity }, '$.a'],
    ['-Infinity', [1, -Infinity], '$[1]'],
    ['undefined value', { a: undefined }, '$.a'],
    ['undefined top level', undefined, '$'],
    ['function', { f: () => 1 }, '$.f'],
    ['symbol', { s: Symbol('s') }, '$.s'],
    ['bigint', { n: BigInt(1) }, '$.n'],
    ['Date', { d: new Date(0) }, '$.d'],
    ['Map', new Map(), '$'],
    [
      'class instance',
      {
        c: new (class Foo {
          x = 1;
        })(),
      },
      '$.c',
    ],
    // eslint-disable-next-line no-sparse-arrays
    ['sparse array', [1, , 3], '$[1]'],
    ['symbol key', { [Symbol('k')]: 1 }, '$'],
  ])('rejects %s naming the path', (_name, value, path) => {
    expectCode(() => canonicalJson(value), 'INVALID_ARGUMENT', path);
  });

  it('rejects cycles and excessive depth', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectCode(() => canonicalJson(cyclic), 'INVALID_ARGUMENT', '$.self');
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = [deep];
    expectCode(() => canonicalJson(deep), 'INVALID_ARGUMENT');
  });

  it('accepts a shared (non-cyclic) sub-object twice', () => {
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: shared })).toBe('{"x":{"a":1},"y":{"a":1}}');
  });
});

describe('parseJsonObject', () => {
  it('parses an object and round-trips through canonicalJson', () => {
    const text = ' { "b" : [1, 2.5, -3e2, true, false, null, "\\u00e9\\n"], "a": {} } ';
    const value = parseJsonObject(text);
    expect(value).toEqual({ b: [1, 2.5, -300, true, false, null, 'é\n'], a: {} });
    expect(canonicalJson(value)).toBe('{"a":{},"b":[1,2.5,-300,true,false,null,"é\\n"]}');
    expect(parseJsonObject(canonicalJson(value))).toEqual(value);
  });

  it.each([
    ['array', '[1]'],
    ['string', '"x"'],
    ['number', '1'],
    ['null', 'null'],
    ['empty', ''],
    ['trailing garbage', '{} x'],
    ['two values', '{}{}'],
    ['trailing comma', '{"a":1,}'],
    ['single quotes', "{'a':1}"],
    ['unquoted key', '{a:1}'],
    ['leading zero', '{"a":01}'],
    ['NaN literal', '{"a":NaN}'],
    ['overflow to Infinity', '{"a":1e400}'],
    ['raw newline in string', '{"a":"x\ny"}'],
    ['bad escape', '{"a":"\\x"}'],
    ['bad unicode escape', '{"a":"\\u12G4"}'],
    ['unterminated string', '{"a":"x'],
    ['duplicate key', '{"a":1,"a":2}'],
    ['nested duplicate key', '{"a":{"b":1,"b":1}}'],
    ['comment', '{"a":1 /* c */}'],
  ])('rejects %s', (_name, text) => {
    expectCode(() => parseJsonObject(text), 'INVALID_ARGUMENT');
  });

  it('rejects a non-string payload', () => {
    expectCode(() => parseJsonObject(42 as unknown as string), 'INVALID_ARGUMENT');
  });

  it('rejects nesting beyond the limit and accepts it at the limit', () => {
    const at = `{"a":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    expect(() => parseJsonObject(at)).not.toThrow();
    const beyond = `{"a":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`;
    expectCode(() => parseJsonObject(beyond), 'INVALID_ARGUMENT');
  });

  it('keeps "__proto__" as plain data without touching prototypes', () => {
    const value = parseJsonObject('{"__proto__":{"polluted":true},"a":1}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(canonicalJson(value)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });

  it('reports the offset of a syntax error', () => {
    const error = expectCode(() => parseJsonObject('{"a" 1}'), 'INVALID_ARGUMENT', '$');
    expect(error.details.offset).toBe(5);
  });
});
