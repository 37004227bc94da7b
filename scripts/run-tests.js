#!/usr/bin/env node
// Runs jest (arguments passed through) and ends with the line CI reads:
// "N passed, N failed", alone and last, taken from jest's --json results.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const results = path.join(__dirname, '..', '.fabric', 'test-results.json');
fs.mkdirSync(path.dirname(results), { recursive: true });
fs.rmSync(results, { force: true });

const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--runInBand', '--json', `--outputFile=${results}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});

let passed = 0;
let failed = 1;
try {
  const r = JSON.parse(fs.readFileSync(results, 'utf8'));
  passed = r.numPassedTests;
  // A suite that fails to load counts as a failure even though none of its tests ran.
  failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
} catch {
  console.error('jest wrote no results');
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(jest.status === 0 && failed === 0 ? 0 : jest.status || 1);
