// Verifies an evidence package offline against the court's trust bundle:
//
//   npm run verify -- PACKAGE.json --trust TRUST.json [--document FILE]... [--details] [--json] [--en]
//
// --trust     the trust bundle the court publishes (npm run trust-bundle); without it nothing verifies
// --document  a file to match against the package's anchored document hashes (repeatable)
// --details   every check, not only the count per kind and the failures
// --json      print the whole result (checks and facts) as JSON
// --en        English only (the default is Chinese first, English after)
//
// Exit code 0 only when every check passed against the bundle, 1 when one
// failed (or no bundle was given), 2 when the command line or a file cannot be read.
import fs from 'node:fs';
import path from 'node:path';
import type { EvidencePackage } from './format';
import { verifiedTimelineOf } from './timeline';
import { parseTrustBundle, trustBundleHash, type TrustBundle } from './trust/bundle';
import { CHECK_IDS, CHECK_TITLES, CHECK_TITLES_ZH, verifyPackage, type Check, type VerifyResult } from './verify';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run verify -- PACKAGE.json --trust TRUST.json [--document FILE]... [--details] [--json] [--en]`);
  process.exit(2);
}

// eslint-disable-next-line complexity -- command-line parser: one branch per option and per way an option is misused
function parseArgs(argv: string[]) {
  const documents: string[] = [];
  let file: string | undefined;
  let json = false;
  let en = false;
  let details = false;
  let trust: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--document' || a === '-d') {
      const f = argv[++i];
      if (!f) usage('--document needs a file');
      documents.push(f);
    } else if (a.startsWith('--document=')) documents.push(a.slice('--document='.length));
    else if (a === '--trust' || a === '-t') {
      trust = argv[++i];
      if (!trust) usage('--trust needs a file');
    } else if (a.startsWith('--trust=')) trust = a.slice('--trust='.length);
    else if (a === '--json') json = true;
    else if (a === '--en') en = true;
    else if (a === '--zh') en = false;
    else if (a === '--details') details = true;
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (file) usage(`one package at a time (got ${file} and ${a})`);
    else file = a;
  }
  if (!file) usage('no package given');
  return { file, documents, json, en, details, trust };
}

const where = (c: Check) => [c.blockNumber !== undefined ? `block ${c.blockNumber}` : '', c.txId ? `tx ${c.txId}` : ''].filter(Boolean).join(', ');

// eslint-disable-next-line complexity -- the verifier's report: each fact and check, bilingual or English, with or without details; no logic
function print(pkg: EvidencePackage, result: VerifyResult, file: string, bundle: TrustBundle | undefined, en: boolean, details: boolean): void {
  const f = result.facts;
  const both = (zh: string, english: string) => (en ? english : `${zh}\n  ${english}`);
  console.log(`证据包 Evidence package ${file}: ${f.kind ?? '?'} ${f.subject ?? '?'}`);
  // What a judge must know first: whose network, complete as of when, who attested.
  if (!bundle)
    console.log(
      both('✗ 未提供信任包：无法确认证据来自任何法院的网络', "✗ UNANCHORED: no trust bundle given; the package cannot be tied to any court's network"),
    );
  else if (f.trust?.anchored)
    console.log(
      both(
        `✓ 证据来自 ${bundle.issuer} 的区块链网络（信任包 ${trustBundleHash(bundle).slice(0, 16)}）`,
        `✓ This evidence comes from the network of ${bundle.issuer} (trust bundle ${trustBundleHash(bundle).slice(0, 16)})`,
      ),
    );
  else
    console.log(
      both(
        `✗ 证据并非来自 ${bundle.issuer} 的网络`,
        `✗ NOT from the network of ${bundle.issuer}: ${result.checks.find((c) => c.id === 'trust.anchor' && !c.ok)?.detail ?? 'see below'}`,
      ),
    );
  if (f.asOf) {
    const orgs = f.asOf.attestingOrgs.join(', ') || (en ? 'no organisation' : '无');
    console.log(
      both(
        `完整性：截至区块 ${f.asOf.blockNumber}（${f.asOf.attestedAt ?? '未证明'}），由 ${orgs} 证明`,
        `Complete as of block ${f.asOf.blockNumber} (${f.asOf.attestedAt ?? 'not attested'}), attested by ${orgs}`,
      ),
    );
  }
  if (f.configHistory.length > 1)
    console.log(
      both(
        `配置历史：${f.configHistory.length} 个配置，自创世区块逐一验证`,
        `Configuration history: ${f.configHistory.length} configurations, each verified from the genesis block`,
      ),
    );
  console.log('');
  const timeline = verifiedTimelineOf(pkg, result);
  if (timeline.length) {
    console.log(en ? 'Timeline (verified):' : '时间线（已验证） Timeline (verified):');
    for (const e of timeline) console.log(`  ${e.at}  ${en ? e.en : `${e.zh} / ${e.en}`}${e.actor ? `  — ${e.actor}` : ''}`);
    console.log('');
  }
  for (const d of f.providedDocuments)
    console.log(
      `${en ? 'Document' : '文件 Document'} ${d.name}: SHA-256 ${d.sha256} ` +
        `${d.matched ? (en ? 'is anchored' : '已锚定 is anchored') : en ? 'is NOT anchored' : '未锚定 is NOT anchored'}`,
    );
  // The technical checks, folded: a count per kind, the failures in full.
  console.log(en ? 'Checks:' : '技术核验 Checks:');
  for (const id of CHECK_IDS) {
    const of = result.checks.filter((c) => c.id === id);
    if (of.length === 0) continue;
    const failed = of.filter((c) => !c.ok);
    console.log(
      `  ${failed.length ? 'FAIL' : 'PASS'}  ${id.padEnd(22)} ${en ? CHECK_TITLES[id] : `${CHECK_TITLES_ZH[id]} / ${CHECK_TITLES[id]}`} ` +
        `(${of.length - failed.length}/${of.length})`,
    );
    for (const c of details ? of : failed) console.log(`        ${c.ok ? '' : '✗ '}${c.detail}${where(c) ? ` [${where(c)}]` : ''}`);
  }
  console.log('');
  if (result.ok) console.log(`VERIFIED: all ${result.checks.length} checks passed against the trust bundle of ${bundle!.issuer}.`);
  else {
    const ff = result.firstFailure!;
    console.log(`NOT VERIFIED: ${result.checks.filter((c) => !c.ok).length} of ${result.checks.length} checks failed.`);
    console.log(`First failing check: ${ff.id} (${CHECK_TITLES[ff.id]})${where(ff) ? ` at ${where(ff)}` : ''}: ${ff.detail}`);
  }
}

function main(): void {
  const { file, documents, json, en, details, trust } = parseArgs(process.argv.slice(2));
  let bundle: TrustBundle | undefined;
  if (trust) {
    try {
      bundle = parseTrustBundle(JSON.parse(fs.readFileSync(trust, 'utf8')));
    } catch (e) {
      console.error(`cannot read the trust bundle ${trust}: ${(e as Error).message}`);
      process.exit(2);
    }
  }
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
  const result = verifyPackage(pkg, { documents: docs, ...(bundle ? { trust: bundle } : {}) });
  if (json) console.log(JSON.stringify(result, null, 2));
  else print(pkg, result, file, bundle, en, details);
  process.exitCode = result.ok ? 0 : 1;
}

main();
