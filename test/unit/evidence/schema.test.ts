import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { EvidencePackageSchema } from '../../../evidence/schema';

const committed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'evidence', 'package.schema.json'), 'utf8')) as Record<string, unknown>;

describe('evidence package JSON Schema', () => {
  it('is committed as generated (npx tsx scripts/evidence-schema.ts)', () => {
    const { $schema, ...rest } = committed;
    expect($schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(rest).toEqual(JSON.parse(JSON.stringify(EvidencePackageSchema)));
  });

  it('accepts the committed fixture packages and rejects a malformed one', () => {
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv as unknown as Parameters<typeof addFormats>[0]);
    const validate = ajv.compile(committed);
    const dir = path.join(__dirname, '..', '..', 'fixtures', 'evidence');
    const fixtures = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    expect(fixtures.length).toBeGreaterThan(0);
    for (const f of fixtures) {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      expect([f, validate(pkg), validate.errors]).toEqual([f, true, null]);
      expect(validate({ ...pkg, headers: [{ number: 'x' }] })).toBe(false);
    }
  });
});
