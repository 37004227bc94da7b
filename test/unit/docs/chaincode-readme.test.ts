import fs from 'node:fs';
import path from 'node:path';
import { renderChaincodeReadme } from '../../../scripts/readme-sections';

it('chaincode/README.md shows the access table and stage diagram the chaincode enforces (npx tsx scripts/chaincode-docs.ts)', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'chaincode', 'README.md'), 'utf8');
  expect(readme).toBe(renderChaincodeReadme(readme));
});
