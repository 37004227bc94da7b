// Verifies an evidence package offline and prints every check:
//
//   npm run verify -- PACKAGE.json [--document FILE]... [--json] [--zh]
//
// --document  a file to match against the package's anchored document hashes (repeatable)
// --json      print the whole result (checks and facts) as JSON
// --zh        check titles in Chinese
//
// Exit code 0 when every check passed, 1 when one failed (the first failure is
// named last), 2 when the command line or the package file cannot be read.
import fs from 'node:fs';
import path from 'node:path';
import type { EvidencePackage } from './format';
import { CHECK_TITLES, CHECK_TITLES_ZH, verifyPackage, type Check, type VerifyResult } from './verify';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run verify -- PACKAGE.json [--document FILE]... [--json] [--zh]`);
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const documents: string[] = [];
  let file: string | undefined;
  let json = false;
  let zh = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--document' || a === '-d') {
      const f = argv[++i];
      if (!f) usage('--document needs a file');
      documents.push(f);
    } else if (a.startsWith('--document=')) documents.push(a.slice('--document='.length));
    else if (a === '--json') json = true;
    else if (a === '--zh') zh = true;
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (file) usage(`one package at a time (got ${file} and ${a})`);
    else file = a;
  }
  if (!file) usage('no package given');
  return { file, documents, json, zh };
}

const where = (c: Check) => [c.blockNumber !== undefined ? `block ${c.blockNumber}` : '', c.txId ? `tx ${c.txId}` : ''].filter(Boolean).join(', ');

function print(result: VerifyResult, file: string, zh: boolean): void {
  const titles = zh ? CHECK_TITLES_ZH : CHECK_TITLES;
  const f = result.facts;
  console.log(`Evidence package ${file}`);
  console.log(`  ${f.kind ?? '?'} ${f.subject ?? '?'} on channel ${f.channel ?? '?'}, chaincode ${f.chaincode ?? '?'}; exported ${f.exportedAt ?? '?'} (claimed by the exporter)`);
  console.log('');
  for (const c of result.checks) {
    const w = where(c);
    console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.id.padEnd(22)} ${titles[c.id]}${w ? ` [${w}]` : ''}`);
    console.log(`      ${c.detail}`);
  }
  console.log('');
  if (f.trustAnchors) {
    console.log('Trust anchors (compare with the values the court publishes):');
    if (f.trustAnchors.genesisBlockHeaderHash) console.log(`  genesis block header SHA-256  ${f.trustAnchors.genesisBlockHeaderHash}`);
    for (const r of f.trustAnchors.rootCertificates) console.log(`  ${r.mspId.padEnd(18)} root CA SHA-256 ${r.sha256}  ${r.subject}`);
  }
  if (f.transactions.length) {
    console.log('Transactions:');
    for (const t of f.transactions) {
      const who = t.creator ? `${t.creator.commonName}@${t.creator.mspId}${t.creator.attributes.role ? ` (${t.creator.attributes.role})` : ''}` : '?';
      console.log(`  block ${t.blockNumber} #${t.txIndex} ${t.timestamp} ${t.function.padEnd(20)} by ${who}; endorsed by ${t.endorsingOrgs.join(', ') || 'nobody'}; ${t.validationCode}`);
    }
  }
  for (const u of f.unverifiedRecords) console.log(`Shown in the records but NOT verified: ${u}`);
  for (const d of f.providedDocuments) console.log(`Document ${d.name}: SHA-256 ${d.sha256} ${d.matched ? 'is anchored' : 'is NOT anchored'} in this package`);
  console.log('');
  const passed = result.checks.filter((c) => c.ok).length;
  if (result.ok) {
    const unverified = f.unverifiedRecords.length ? ` (${f.unverifiedRecords.length} record entr${f.unverifiedRecords.length === 1 ? 'y is' : 'ies are'} shown for reading only, not verified: see above)` : '';
    console.log(`VERIFIED: all ${result.checks.length} checks passed${unverified}.`);
  } else {
    const ff = result.firstFailure!;
    console.log(`NOT VERIFIED: ${result.checks.length - passed} of ${result.checks.length} checks failed.`);
    console.log(`First failing check: ${ff.id} (${titles[ff.id]})${where(ff) ? ` at ${where(ff)}` : ''}: ${ff.detail}`);
  }
}

function main(): void {
  const { file, documents, json, zh } = parseArgs(process.argv.slice(2));
  let pkg: EvidencePackage;
  try {
    pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as EvidencePackage;
  } catch (e) {
    console.error(`cannot read ${file}: ${(e as Error).message}`);
    process.exit(2);
  }
  const docs = documents.map((d) => {
    try {
      return { name: path.basename(d), bytes: new Uint8Array(fs.readFileSync(d)) };
    } catch (e) {
      console.error(`cannot read ${d}: ${(e as Error).message}`);
      process.exit(2);
    }
  });
  const result = verifyPackage(pkg, { documents: docs });
  if (json) console.log(JSON.stringify(result, null, 2));
  else print(result, file, zh);
  process.exitCode = result.ok ? 0 : 1;
}

main();
