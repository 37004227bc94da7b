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
      if (f === 'trust-bundle.json') continue;
      expect([f, validate(pkg), validate.errors]).toEqual([f, true, null]);
      // Format 1 fields, a malformed configuration block, a missing as-of block or definition block, a bad attestation.
      expect(validate({ ...pkg, headers: [] })).toBe(false);
      expect(validate({ ...pkg, configBlocks: [{ number: 'x', raw: '' }] })).toBe(false);
      expect(validate({ ...pkg, configBlocks: [] })).toBe(false);
      const { asOf, definitionBlock, ...rest } = pkg;
      expect(validate(rest)).toBe(false);
      expect(validate({ ...rest, asOf })).toBe(false);
      expect(validate({ ...rest, definitionBlock })).toBe(false);
      expect(validate({ ...pkg, asOf: { blockNumber: 12 } })).toBe(false);
      expect(validate({ ...pkg, attestations: [{ mspId: 'CourtMSP', envelope: '***' }] })).toBe(false);
      expect(validate({ ...pkg, format: 'notary-evidence-package/1' })).toBe(false);
    }
  });
});
