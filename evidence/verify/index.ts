// The offline verifier of evidence packages (notary-evidence-package/1): a
// pure function of the package (and optional document files), with no
// network and no Fabric client. It recomputes every hash, verifies every
// signature against the MSP roots of the package's channel configuration,
// evaluates the channel's policies, and compares each statement with the bytes
// its transaction wrote.
//
// What it cannot know: whether the package's configuration is the real
// network's. The facts carry the trust anchors (genesis header hash, root
// certificate fingerprints) for a judge to compare with published values.
import type { EvidencePackage } from '../format';
import { checkBlocks, checkChainAnchored, checkHeaderChain } from './chain';
import { checkConfig } from './config-check';
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
export { BLOCK_VALIDATION_POLICY, ENDORSEMENT_POLICY } from './config-check';

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
  const facts: Facts = { orgs: [], policies: {}, blocks: [], transactions: [], documents: [], unverifiedRecords: [], providedDocuments: [] };
  const ctx: Context = { pkg, rec, facts, blocks: new Map(), txs: new Map(), configHook: hooks.config };
  const shapeOk = checkShape(pkg, rec);
  if (shapeOk) {
    Object.assign(facts, {
      format: pkg.format, kind: pkg.kind, subject: pkg.subject, channel: pkg.channel, chaincode: pkg.chaincode, exportedAt: pkg.exportedAt,
    });
    const steps: [CheckId, (c: Context) => void][] = [
      ['chain.genesis', checkHeaderChain],
      ['config.decode', checkConfig],
      ['block.decode', checkBlocks],
      ['chain.anchored', checkChainAnchored],
      ['tx.located', checkTransactions],
      ['definition.policy', checkDefinition],
      ['statement.write', checkStatements],
      ['records.consistent', checkRecords],
      ['documents.anchored', checkDocumentIndex],
      ['document.match', (c) => checkDocuments(c, options.documents ?? [])],
    ];
    for (const [id, step] of steps) rec.guard(id, {}, () => step(ctx));
  } else {
    for (const doc of options.documents ?? []) rec.fail('document.match', `${doc.name}: not checked, the package is malformed`);
  }
  const checks = rec.checks();
  const firstFailure = checks.find((c) => !c.ok);
  return { ok: checks.length > 0 && !firstFailure, checks, ...(firstFailure ? { firstFailure } : {}), facts };
}
