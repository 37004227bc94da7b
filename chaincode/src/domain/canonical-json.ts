// The one serialiser for everything written to the ledger or hashed, and the
// one parser for everything read from callers. Same value → same bytes on
// every endorsing peer, so endorsements match and hashes can be recomputed.
import { DomainError } from './errors';
import type { JsonObject, JsonValue } from './json-types';

export type { JsonObject, JsonPrimitive, JsonValue } from './json-types';

/** Nesting beyond this is rejected: no legitimate record is that deep. */
export const MAX_JSON_DEPTH = 32;

const fail = (path: string, message: string): DomainError => new DomainError('INVALID_ARGUMENT', `${path}: ${message}`, { field: path });

/**
 * Object keys sorted by UTF-16 code units at every level (the RFC 8785 order),
 * no whitespace, numbers in ECMAScript shortest form. Throws INVALID_ARGUMENT
 * for what JSON.stringify would silently drop or mangle: undefined, functions,
 * symbols, bigint, NaN/Infinity, sparse arrays, cycles, and non-plain objects
 * (Date, Map, class instances: convert them explicitly, e.g. to ISO strings).
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$', new Set<object>());
}

// eslint-disable-next-line complexity -- canonical JSON writer: one case per JSON type and per value it refuses
function write(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw fail(path, `non-finite number ${String(value)}`);
      return JSON.stringify(value); // -0 becomes 0
    case 'undefined':
      throw fail(path, 'undefined is not JSON');
    case 'bigint':
      throw fail(path, 'bigint is not JSON; use a safe integer or a decimal string');
    case 'function':
    case 'symbol':
      throw fail(path, `${typeof value} is not JSON`);
    default:
      break;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.size >= MAX_JSON_DEPTH) throw fail(path, `nesting deeper than ${MAX_JSON_DEPTH}`);
  if (ancestors.has(object)) throw fail(path, 'cyclic reference');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      const items: string[] = [];
      for (let i = 0; i < object.length; i++) {
        if (!(i in object)) throw fail(`${path}[${i}]`, 'sparse array hole');
        items.push(write(object[i], `${path}[${i}]`, ancestors));
      }
      return `[${items.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      throw fail(path, 'only plain objects and arrays are JSON');
    }
    if (Object.getOwnPropertySymbols(object).length > 0) throw fail(path, 'symbol keys are not JSON');
    const record = object as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`, ancestors)}`);
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(object);
  }
}

/**
 * Strict parse of a caller's payload: must be one JSON object. Unlike
 * JSON.parse it rejects duplicate keys (two parsers could disagree on which
 * one wins), numbers that overflow to Infinity, and nesting beyond
 * MAX_JSON_DEPTH. Failures are INVALID_ARGUMENT with the character offset.
 */
export function parseJsonObject(text: string): JsonObject {
  if (typeof text !== 'string') throw fail('$', 'payload must be a string');
  const parser = new StrictParser(text);
  const value = parser.parseDocument();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail('$', 'top-level value must be a JSON object');
  }
  return value as JsonObject;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class StrictParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.parseValue('$', 0);
    this.skipWhitespace();
    if (this.pos !== this.text.length) throw this.error('unexpected trailing characters');
    return value;
  }

  private parseValue(path: string, depth: number): JsonValue {
    const c = this.text[this.pos];
    if (c === '{') return this.parseObject(path, depth + 1);
    if (c === '[') return this.parseArray(path, depth + 1);
    if (c === '"') return this.parseString();
    if (this.text.startsWith('true', this.pos)) return this.literal('true', true);
    if (this.text.startsWith('false', this.pos)) return this.literal('false', false);
    if (this.text.startsWith('null', this.pos)) return this.literal('null', null);
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) throw this.error('unexpected character');
    this.pos += m[0].length;
    const n = Number(m[0]);
    if (!Number.isFinite(n)) throw fail(path, 'number out of range');
    return n;
  }

  private parseObject(path: string, depth: number): JsonObject {
    if (depth > MAX_JSON_DEPTH) throw fail(path, `nesting deeper than ${MAX_JSON_DEPTH}`);
    this.pos++; // {
    // A null prototype makes "__proto__" an ordinary key, never a setter.
    const out = Object.create(null) as Record<string, JsonValue>;
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.eat('}')) return {};
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') throw this.error('expected a string key');
      const key = this.parseString();
      if (seen.has(key)) throw fail(`${path}.${key}`, 'duplicate key');
      seen.add(key);
      this.skipWhitespace();
      if (!this.eat(':')) throw this.error("expected ':'");
      this.skipWhitespace();
      out[key] = this.parseValue(`${path}.${key}`, depth);
      this.skipWhitespace();
      if (this.eat('}')) break;
      if (!this.eat(',')) throw this.error("expected ',' or '}'");
    }
    return toPlainObject(out);
  }

  private parseArray(path: string, depth: number): JsonValue[] {
    if (depth > MAX_JSON_DEPTH) throw fail(path, `nesting deeper than ${MAX_JSON_DEPTH}`);
    this.pos++; // [
    const out: JsonValue[] = [];
    this.skipWhitespace();
    if (this.eat(']')) return out;
    for (;;) {
      this.skipWhitespace();
      out.push(this.parseValue(`${path}[${out.length}]`, depth));
      this.skipWhitespace();
      if (this.eat(']')) return out;
      if (!this.eat(',')) throw this.error("expected ',' or ']'");
    }
  }

  private parseString(): string {
    let out = '';
    let i = this.pos + 1;
    for (;;) {
      const c = this.text[i];
      if (c === undefined) throw this.error('unterminated string');
      if (c === '"') break;
      if (c < ' ') throw this.error('control character in string');
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const e = this.text[i + 1];
      if (e === 'u') {
        const hex = this.text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        const decoded = e === undefined ? undefined : ESCAPES[e];
        if (decoded === undefined) throw this.error('bad escape');
        out += decoded;
        i += 2;
      }
    }
    this.pos = i + 1;
    return out;
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    this.pos += word.length;
    return value;
  }

  private eat(c: string): boolean {
    if (this.text[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.pos;
    this.pos += WHITESPACE.exec(this.text)?.[0].length ?? 0;
  }

  private error(message: string): DomainError {
    return new DomainError('INVALID_ARGUMENT', `$: invalid JSON at offset ${this.pos}: ${message}`, {
      field: '$',
      offset: this.pos,
    });
  }
}

/** Copies into an ordinary object with defineProperty, so "__proto__" stays data. */
function toPlainObject(source: Record<string, JsonValue>): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(source)) {
    Object.defineProperty(out, key, { value: source[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}
