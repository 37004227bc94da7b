// Writes evidence/package.schema.json from evidence/schema.ts (a unit test keeps them equal).
import fs from 'node:fs';
import path from 'node:path';
import { EvidencePackageSchema } from '../evidence/schema';

const file = path.join(__dirname, '..', 'evidence', 'package.schema.json');
fs.writeFileSync(file, `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...EvidencePackageSchema }, null, 2)}\n`);
console.log(`wrote ${file}`);
