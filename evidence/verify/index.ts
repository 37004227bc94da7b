// The offline verifier of evidence packages (notary-evidence-package/2): a
// pure function of the package, the court's trust bundle and optional
// document files, with no network and no Fabric client. Trust material is an
// input, never read from the package: the genesis block must be the bundle's,
// every later configuration is followed from it under the policies of the one
// before, and only then are blocks, signatures, policies, statements,
// attestations and records checked against those configurations.
import type { EvidencePackage } from '../format';
import { checkAttestations } from './attestations';
import { checkBlocks } from './chain';
import { checkConfigHistory } from './config-check';
import type { ChannelConfig } from './config';
import type { Context } from './context';
import { checkDefinition } from './definition';
import { checkDocuments } from './documents';
import { Recorder } from './recorder';
import { checkDocumentIndex, checkRecords } from './records';
import { checkShape } from './shape';
import { checkStatements } from './statements';
import { checkTransactions } from './transactions';
import type { CheckId, Facts, VerifyOptions, VerifyResult } from './types';

export { CHECK_TITLES, CHECK_TITLES_ZH } from './titles';
export { CHECK_IDS } from './types';
export type { Check, CheckId, DocumentInput, Facts, IdentityFact, TransactionFact, VerifyOptions, VerifyResult } from './types';
export { BLOCK_VALIDATION_POLICY, ENDORSEMENT_POLICY } from './policy-paths';

export function verifyPackage(pkg: EvidencePackage, options: VerifyOptions = {}): VerifyResult {
  return verifyPackageWith(pkg, options, {});
}

export interface VerifyHooks {
  /**
   * Substitutes the channel configuration the signatures and policies are
   * checked against, e.g. "would these endorsements satisfy a stricter
   * policy?". Never part of a real verification.
   */
  config?: (decoded: ChannelConfig) => ChannelConfig;
}

/** verifyPackage with hooks, for tests and what-if analysis. */
export function verifyPackageWith(pkg: EvidencePackage, options: VerifyOptions, hooks: VerifyHooks): VerifyResult {
  const rec = new Recorder();
  const facts: Facts = { orgs: [], policies: {}, configHistory: [], blocks: [], transactions: [], documents: [], providedDocuments: [] };
  const ctx: Context = { pkg, trust: options.trust, rec, facts, configs: new Map(), blocks: new Map(), txs: new Map(), configHook: hooks.config };
  const shapeOk = checkShape(pkg, rec);
  if (shapeOk) {
    Object.assign(facts, {
      format: pkg.format,
      kind: pkg.kind,
      subject: pkg.subject,
      channel: pkg.channel,
      chaincode: pkg.chaincode,
      exportedAt: pkg.exportedAt,
    });
    const steps: [CheckId, (c: Context) => void][] = [
      ['config.genesis', checkConfigHistory],
      ['block.decode', checkBlocks],
      ['tx.located', checkTransactions],
      ['definition.policy', checkDefinition],
      ['statement.write', checkStatements],
      ['attestation.quorum', checkAttestations],
      ['records.consistent', checkRecords],
      ['documents.anchored', checkDocumentIndex],
      ['document.match', (c) => checkDocuments(c, options.documents ?? [])],
    ];
    for (const [id, step] of steps) rec.guard(id, {}, () => step(ctx));
    const newest = [...ctx.configs.values()].pop();
    if (newest) facts.orgs = newest.config.orgs.map((o) => ({ ...o, nodeOUs: newest.config.msps.get(o.mspId)?.nodeOUs !== undefined }));
  } else {
    for (const doc of options.documents ?? []) rec.fail('document.match', `${doc.name}: not checked, the package is malformed`);
  }
  // Without a trust bundle nothing is verified evidence, however consistent.
  if (!options.trust && !rec.hasFailed('trust.anchor'))
    rec.fail('trust.anchor', "UNANCHORED: no trust bundle was given; the package cannot be tied to any court's network");
  const checks = rec.checks();
  const firstFailure = checks.find((c) => !c.ok);
  return { ok: checks.length > 0 && !firstFailure, checks, ...(firstFailure ? { firstFailure } : {}), facts };
}
