// Rewrites the generated sections of chaincode/README.md (access table, stage
// diagram) from the domain; a unit test fails when they are stale.
import fs from 'node:fs';
import path from 'node:path';
import { renderChaincodeReadme } from './readme-sections';

const file = path.join(__dirname, '..', 'chaincode', 'README.md');
fs.writeFileSync(file, renderChaincodeReadme(fs.readFileSync(file, 'utf8')));
console.log(`updated ${file}`);
