// The chaincode definition proof (check definition.policy): the package's
// definitionBlock (and validationInfoBlock) show that the definition the
// packaged transactions were endorsed under references
// /Channel/Application/Endorsement.
import type { EvidencePackage } from '../../../evidence/format';
import { failedIds, loadPackage, PACKAGES, verify } from './support';

const definitionFailure = (pkg: EvidencePackage) => {
  const r = verify(pkg);
  expect(r.ok).toBe(false);
  expect(r.facts.policies.definitionProven).toBe(false);
  const failed = r.checks.filter((c) => c.id === 'definition.policy' && !c.ok);
  expect(failed).toHaveLength(1);
  return failed[0]!.detail;
};

describe.each(PACKAGES)('fixture %s', (name) => {
  const pkg = loadPackage(name);

  it('proves the definition in force references /Channel/Application/Endorsement', () => {
    expect(pkg.definitionBlock).toBeDefined();
    const r = verify(pkg);
    expect(r.ok).toBe(true);
    const check = r.checks.find((c) => c.id === 'definition.policy')!;
    expect(check).toMatchObject({ ok: true, blockNumber: pkg.definitionBlock!.number, txId: pkg.definitionBlock!.txId });
    expect(check.detail).toMatch(
      /LifecycleEndorsement.*policy reference \/Channel\/Application\/Endorsement; (\d+) of \1 packaged transactions read its Sequence/,
    );
    expect(r.facts.policies.definitionProven).toBe(true);
    expect(r.facts.policies.endorsedUnderEarlierDefinition).toBeUndefined();
  });

  it('fails definition.policy without the definition block (required in format 2), and only that check', () => {
    const { definitionBlock, ...rest } = pkg;
    void definitionBlock;
    const r = verify(rest as EvidencePackage);
    expect(r.ok).toBe(false);
    // The shape check names the missing field first; the definition check fails too.
    expect(r.firstFailure).toMatchObject({ id: 'package.format' });
    expect(r.firstFailure!.detail).toMatch(/package lacks definitionBlock/);
    // Past the shape check (e.g. a verifier that took the field as optional), definition.policy is what fails.
    const shaped = { ...rest, definitionBlock: undefined } as unknown as EvidencePackage;
    const s = verify(shaped);
    expect(s.ok).toBe(false);
    expect(failedIds(s)).toEqual(['definition.policy']);
    expect(s.firstFailure).toMatchObject({ id: 'definition.policy' });
    expect(s.firstFailure!.detail).toMatch(/has no definitionBlock/);
    expect(s.facts.policies.definitionProven).toBe(false);
  });

  it('fails when a byte of the definition block is changed', () => {
    const raw = Buffer.from(pkg.definitionBlock!.raw, 'base64');
    const at = raw.indexOf(Buffer.from('namespaces/fields/notary/Sequence'));
    expect(at).toBeGreaterThan(0);
    raw[at + 20] = raw[at + 20]! ^ 1;
    expect(definitionFailure({ ...pkg, definitionBlock: { ...pkg.definitionBlock!, raw: raw.toString('base64') } })).toMatch(
      /did not pass the block checks|does not decode/,
    );
  });

  it('fails when the definition block is swapped for another block or transaction', () => {
    // A packaged block: it holds no such lifecycle transaction.
    const other = pkg.blocks[0]!;
    expect(definitionFailure({ ...pkg, definitionBlock: { ...other, txId: pkg.definitionBlock!.txId } })).toMatch(/holds no transaction/);
    // A notary transaction named as the definition.
    expect(definitionFailure({ ...pkg, definitionBlock: { ...other, txId: pkg.transactions[0]!.txId } })).toMatch(
      /not _lifecycle|not CommitChaincodeDefinition/,
    );
    // An older, genuine definition (the one that wrote ValidationInfo): the packaged transactions were not endorsed under it.
    if (pkg.validationInfoBlock) {
      const { validationInfoBlock, ...rest } = pkg;
      expect(definitionFailure({ ...rest, definitionBlock: validationInfoBlock })).toMatch(/no packaged transaction was endorsed under this definition/);
      // The ValidationInfo block left out: the definition alone does not name the policy.
      expect(definitionFailure(rest as EvidencePackage)).toMatch(/has no validationInfoBlock/);
    }
  });
});
