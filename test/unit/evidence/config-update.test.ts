// The configuration history of a package, from the genesis block the court's
// trust bundle pins: evidence/verify/config-update.ts (Fabric's configtx
// authorisation re-implemented) on the real configuration blocks of the shared
// network (orderer BatchTimeout updates signed by a majority of the orderer
// orgs' admins), and packages whose history or trust anchor was tampered with.
import { common } from '@hyperledger/fabric-protos';
import { createHash } from 'node:crypto';
import type { EvidencePackage, PackageBlock } from '../../../evidence/format';
import type { TrustBundle } from '../../../evidence/trust/bundle';
import { verifyPackage } from '../../../evidence/verify';
import { parseConfig } from '../../../evidence/verify/config';
import { checkConfigUpdate } from '../../../evidence/verify/config-update';
import { decodeBlock, decodeConfigEnvelope, DecodeError, type DecodedEnvelope } from '../../../evidence/verify/decode';
import { failedIds, loadPackage, PACKAGES, TRUST, verify } from './support';

const pkg = loadPackage('dispute.json');

interface ConfigAt {
  number: string;
  env: DecodedEnvelope;
  config: common.Config;
  /** What checkConfigUpdate takes as the previous configuration. */
  prev: { config: ReturnType<typeof parseConfig>; raw: common.Config; channelId: string };
}

function configAt(b: PackageBlock): ConfigAt {
  const { env, config } = decodeConfigEnvelope(decodeBlock(Buffer.from(b.raw, 'base64'), `block ${b.number}`), `block ${b.number}`);
  return { number: b.number, env, config, prev: { config: parseConfig(config), raw: config, channelId: env.channelHeader.channelId } };
}

const CONFIGS = pkg.configBlocks.map(configAt);

/** The configuration update envelope inside a configuration block's envelope data (ConfigEnvelope.last_update). */
function withUpdate(env: DecodedEnvelope, change: (cue: common.ConfigUpdateEnvelope) => void): DecodedEnvelope {
  const ce = common.ConfigEnvelope.deserializeBinary(env.data);
  const last = ce.getLastUpdate()!;
  const payload = common.Payload.deserializeBinary(last.getPayload_asU8());
  const cue = common.ConfigUpdateEnvelope.deserializeBinary(payload.getData_asU8());
  change(cue);
  payload.setData(cue.serializeBinary());
  last.setPayload(payload.serializeBinary());
  ce.setLastUpdate(last);
  return { ...env, data: ce.serializeBinary() };
}

/** A copy of a configuration (protobuf messages are mutable). */
const copyConfig = (c: common.Config) => common.Config.deserializeBinary(c.serializeBinary());

const batchTimeout = (c: common.Config) => c.getChannelGroup()!.getGroupsMap().get('Orderer')!.getValuesMap().get('BatchTimeout')!;
const timeoutOf = (c: common.Config) => Buffer.from(batchTimeout(c).getValue_asU8()).toString('latin1');

const thrown = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return (e as Error).message;
  }
  throw new Error('expected a DecodeError');
};

describe('checkConfigUpdate on the real configuration blocks', () => {
  it('the fixture spans real updates: each changes the orderer BatchTimeout, one sequence at a time', () => {
    expect(CONFIGS.length).toBeGreaterThanOrEqual(3);
    expect(CONFIGS[0]!.number).toBe('0');
    CONFIGS.slice(1).forEach((c, i) => {
      expect(BigInt(c.config.getSequence())).toBe(BigInt(CONFIGS[i]!.config.getSequence()) + 1n);
      expect(c.env.channelHeader.channelId).toBe('notary');
    });
  });

  it.each(CONFIGS.slice(1).map((c, i) => [CONFIGS[i]!.number, c.number] as const))(
    'block %s → block %s verifies: the BatchTimeout change needed /Channel/Orderer/Admins and a majority of its admins signed',
    (from, to) => {
      const prev = CONFIGS.find((c) => c.number === from)!;
      const next = CONFIGS.find((c) => c.number === to)!;
      const outcome = checkConfigUpdate(prev.prev, next.env, next.config);
      expect(outcome.changes.map((c) => [c.element, c.policy, c.outcome.ok])).toEqual([
        ['[Value] /Channel/Orderer/BatchTimeout', '/Channel/Orderer/Admins', true],
      ]);
      expect(outcome.changes[0]!.outcome.detail).toMatch(/MAJORITY of Admins over 3 groups .*needs 2, met by 2/);
      expect(outcome.signers.length).toBeGreaterThanOrEqual(2);
      for (const s of outcome.signers) expect(s.roles.has('admin')).toBe(true);
      expect(new Set(outcome.signers.map((s) => s.mspId)).size).toBe(outcome.signers.length);
    },
  );

  it("fails naming the mod_policy when the update's signatures are stripped, or only one admin signed", () => {
    const [prev, next] = [CONFIGS[0]!, CONFIGS[1]!];
    const none = withUpdate(next.env, (cue) => cue.setSignaturesList([]));
    expect(thrown(() => checkConfigUpdate(prev.prev, none, next.config))).toMatch(
      /^\[Value\] \/Channel\/Orderer\/BatchTimeout changed without its mod_policy: \/Channel\/Orderer\/Admins = MAJORITY of Admins over 3 groups .*needs 2, met by 0/,
    );
    const one = withUpdate(next.env, (cue) => cue.setSignaturesList(cue.getSignaturesList().slice(0, 1)));
    expect(thrown(() => checkConfigUpdate(prev.prev, one, next.config))).toMatch(
      /^\[Value\] \/Channel\/Orderer\/BatchTimeout changed without its mod_policy: \/Channel\/Orderer\/Admins = .*needs 2, met by 1/,
    );
  });

  it('fails on the sequence when checked against a wrong previous configuration', () => {
    // A configuration block left out (block 2 of the history checked against the genesis block).
    expect(thrown(() => checkConfigUpdate(CONFIGS[0]!.prev, CONFIGS[2]!.env, CONFIGS[2]!.config))).toMatch(
      new RegExp(
        `^its sequence is ${CONFIGS[2]!.config.getSequence()}, the configuration before it has ${CONFIGS[0]!.config.getSequence()}: a configuration ` +
          `block is missing or out of order`,
      ),
    );
    // The same configuration again, and an older one after a newer one.
    expect(thrown(() => checkConfigUpdate(CONFIGS[1]!.prev, CONFIGS[1]!.env, CONFIGS[1]!.config))).toMatch(/^its sequence is .* missing or out of order/);
    expect(thrown(() => checkConfigUpdate(CONFIGS[2]!.prev, CONFIGS[1]!.env, CONFIGS[1]!.config))).toMatch(/^its sequence is .* missing or out of order/);
  });

  it("fails when the configuration is not what the update gives, even with the update's signatures intact", () => {
    const [prev, next] = [CONFIGS[0]!, CONFIGS[1]!];
    // The BatchTimeout the orderers would run with changed behind the signed update.
    const other = copyConfig(next.config);
    batchTimeout(other).setValue(Buffer.from(batchTimeout(CONFIGS[0]!.config).getValue_asU8()));
    expect(timeoutOf(other)).not.toBe(timeoutOf(next.config));
    expect(thrown(() => checkConfigUpdate(prev.prev, next.env, other))).toMatch(
      /^the configuration is not what its update gives: \/Channel\/Orderer\/BatchTimeout: the value differs/,
    );
    // An element nobody updated (the application's endorsement policy's mod_policy) changed.
    const sneaky = copyConfig(next.config);
    const endorsement = sneaky.getChannelGroup()!.getGroupsMap().get('Application')!.getPoliciesMap().get('Endorsement')!;
    endorsement.setModPolicy('Readers');
    expect(thrown(() => checkConfigUpdate(prev.prev, next.env, sneaky))).toMatch(
      /^the configuration is not what its update gives: \/Channel\/Application\/Endorsement: the policy differs/,
    );
  });

  it("fails when the update itself is changed (its admins' signatures no longer verify) or is for another channel", () => {
    const [prev, next] = [CONFIGS[0]!, CONFIGS[1]!];
    const reread = withUpdate(next.env, (cue) => {
      const u = common.ConfigUpdate.deserializeBinary(cue.getConfigUpdate_asU8());
      u.getReadSet()!.setVersion(u.getReadSet()!.getVersion() + 1);
      cue.setConfigUpdate(u.serializeBinary());
    });
    expect(thrown(() => checkConfigUpdate(prev.prev, reread, next.config))).toMatch(
      /^the update read \[Group\] \/Channel at version \d+, the previous configuration has \d+$/,
    );
    // The written BatchTimeout changed after the admins signed (the configuration changed to match it).
    const rewritten = copyConfig(next.config);
    batchTimeout(rewritten).setValue(Buffer.from(batchTimeout(CONFIGS[0]!.config).getValue_asU8()));
    const rewrite = withUpdate(next.env, (cue) => {
      const u = common.ConfigUpdate.deserializeBinary(cue.getConfigUpdate_asU8());
      const written = u.getWriteSet()!.getGroupsMap().get('Orderer')!.getValuesMap().get('BatchTimeout')!;
      written.setValue(batchTimeout(rewritten).getValue_asU8());
      cue.setConfigUpdate(u.serializeBinary());
    });
    expect(thrown(() => checkConfigUpdate(prev.prev, rewrite, rewritten))).toMatch(/^signature #1 on the update, by .*: signature does not verify/);
    expect(thrown(() => checkConfigUpdate({ ...prev.prev, channelId: 'other' }, next.env, next.config))).toMatch(
      /^the update is for channel "notary", not other/,
    );
  });
});

/** A configuration block re-encoded after a change to its envelope, with its data hash recomputed (its orderer signatures are then not over it). */
function reencode(b: PackageBlock, change: (payload: common.Payload) => void): PackageBlock {
  const block = common.Block.deserializeBinary(Buffer.from(b.raw, 'base64'));
  const env = common.Envelope.deserializeBinary(block.getData()!.getDataList_asU8()[0]!);
  const payload = common.Payload.deserializeBinary(env.getPayload_asU8());
  change(payload);
  env.setPayload(payload.serializeBinary());
  const data = env.serializeBinary();
  block.getData()!.setDataList([data]);
  block.getHeader()!.setDataHash(createHash('sha256').update(data).digest());
  return { number: b.number, raw: Buffer.from(block.serializeBinary()).toString('base64') };
}

const withConfigBlocks = (configBlocks: PackageBlock[]): EvidencePackage => ({ ...pkg, configBlocks });

function historyFailure(p: EvidencePackage, blockNumber: string): string {
  const r = verify(p);
  expect(r.ok).toBe(false);
  const failed = r.checks.filter((c) => !c.ok);
  expect(failed[0]).toMatchObject({ id: 'config.update', blockNumber });
  return failed[0]!.detail;
}

describe('a package whose configuration history was tampered with', () => {
  const middle = Math.floor(pkg.configBlocks.length / 2);

  it('fails config.update when a configuration block is removed from the middle (sequence gap)', () => {
    const removed = pkg.configBlocks.filter((_, i) => i !== middle);
    expect(historyFailure(withConfigBlocks(removed), pkg.configBlocks[middle + 1]!.number)).toMatch(
      /its sequence is \d+, the configuration before it has \d+: a configuration block is missing or out of order/,
    );
  });

  it('fails config.update when two configuration blocks are swapped, and package.format when one is repeated', () => {
    const swapped = [...pkg.configBlocks];
    [swapped[middle], swapped[middle + 1]] = [swapped[middle + 1]!, swapped[middle]!];
    // The later one first: a sequence gap.
    expect(historyFailure(withConfigBlocks(swapped), swapped[middle]!.number)).toMatch(/a configuration block is missing or out of order/);
    const repeated = [...pkg.configBlocks.slice(0, middle + 1), { ...pkg.configBlocks[middle - 1]! }, ...pkg.configBlocks.slice(middle + 1)];
    const r = verify(withConfigBlocks(repeated));
    expect(r.firstFailure).toMatchObject({ id: 'package.format' });
    expect(r.firstFailure!.detail).toMatch(new RegExp(`configuration block ${pkg.configBlocks[middle - 1]!.number} is included twice`));
  });

  it('fails config.update for a configuration block re-encoded with another BatchTimeout in its configuration', () => {
    const forged = reencode(pkg.configBlocks[middle]!, (payload) => {
      const ce = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8());
      const config = ce.getConfig()!;
      batchTimeout(config).setValue(Buffer.from(batchTimeout(CONFIGS[0]!.config).getValue_asU8()));
      ce.setConfig(config);
      payload.setData(ce.serializeBinary());
    });
    const detail = historyFailure(withConfigBlocks(pkg.configBlocks.map((b, i) => (i === middle ? forged : b))), forged.number);
    expect(detail).toMatch(/is not signed by orderers satisfying \/Channel\/Orderer\/BlockValidation of configuration block/);
  });

  it('fails config.update for a configuration block whose update lost its signatures', () => {
    const forged = reencode(pkg.configBlocks[middle]!, (payload) => {
      const ce = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8());
      const env = withUpdate({ data: ce.serializeBinary() } as DecodedEnvelope, (cue) => cue.setSignaturesList([]));
      payload.setData(env.data);
    });
    const r = verify(withConfigBlocks(pkg.configBlocks.map((b, i) => (i === middle ? forged : b))));
    expect(r.ok).toBe(false);
    expect(r.firstFailure).toMatchObject({ id: 'config.update', blockNumber: forged.number });
    // Nothing after a configuration that did not verify is used: no later configuration, no block cut under one.
    expect(r.checks.filter((c) => c.id === 'config.update' && c.ok).map((c) => c.blockNumber)).toEqual(pkg.configBlocks.slice(1, middle).map((b) => b.number));
  });

  it('fails config.update for a configuration block claiming another channel', () => {
    const forged = reencode(pkg.configBlocks[middle]!, (payload) => {
      const header = payload.getHeader()!;
      const ch = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
      ch.setChannelId('other-network');
      header.setChannelHeader(ch.serializeBinary());
    });
    expect(historyFailure(withConfigBlocks(pkg.configBlocks.map((b, i) => (i === middle ? forged : b))), forged.number)).toMatch(
      /is of channel "other-network", the package names notary/,
    );
  });

  it('fails block.config when the newest configuration block is left out (the blocks name it as in force)', () => {
    const r = verify(withConfigBlocks(pkg.configBlocks.slice(0, -1)));
    expect(r.ok).toBe(false);
    expect(failedIds(r)).toContain('block.config');
    expect(r.checks.find((c) => c.id === 'block.config' && !c.ok)!.detail).toMatch(
      new RegExp(
        `names configuration block ${pkg.configBlocks[pkg.configBlocks.length - 1]!.number} as in force, but the package's newest configuration block ` +
          `at or before it is ${pkg.configBlocks[pkg.configBlocks.length - 2]!.number}`,
      ),
    );
  });

  it('fails config.genesis without the genesis block', () => {
    const r = verify(withConfigBlocks(pkg.configBlocks.slice(1)));
    expect(r.ok).toBe(false);
    expect(r.firstFailure).toMatchObject({ id: 'config.genesis' });
    expect(r.firstFailure!.detail).toMatch(/the first configuration block must be the genesis block/);
  });
});

describe.each(PACKAGES)('the trust anchor of %s', (name) => {
  const p = loadPackage(name);
  const anchorFailure = (trust?: TrustBundle) => {
    const r = trust ? verifyPackage(p, { trust }) : verifyPackage(p);
    expect(r.ok).toBe(false);
    // The package is otherwise consistent: only the anchor fails, and it is what a judge reads first.
    expect(failedIds(r)).toEqual(['trust.anchor']);
    expect(r.firstFailure).toMatchObject({ id: 'trust.anchor' });
    return r;
  };

  it('without a trust bundle: not ok, UNANCHORED', () => {
    expect(anchorFailure().firstFailure!.detail).toMatch(/^UNANCHORED: /);
  });

  it('with a bundle naming another genesis hash: names the genesis hash that differs', () => {
    const r = anchorFailure({ ...TRUST, genesisHeaderHash: '00'.repeat(32) });
    expect(r.firstFailure!.detail).toMatch(
      new RegExp(
        `^NOT from the network of ${TRUST.issuer} .*: genesis block header hash ${TRUST.genesisHeaderHash.slice(0, 12)}… differs from the bundle's ` +
          `000000000000…$`,
      ),
    );
    expect(r.facts.trust?.anchored).toBe(false);
  });

  it.each(TRUST.orgs.map((o) => o.mspId))('with a bundle naming another root CA for %s: names that MSP', (mspId) => {
    const trust = { ...TRUST, orgs: TRUST.orgs.map((o) => (o.mspId === mspId ? { ...o, rootCertSha256: ['ab'.repeat(32)] } : o)) };
    const detail = anchorFailure(trust).firstFailure!.detail;
    expect(detail).toMatch(new RegExp(`: ${mspId}'s root CA [0-9a-f]{12}… is not the bundle's abababababab…$`));
    for (const other of TRUST.orgs.filter((o) => o.mspId !== mspId)) expect(detail).not.toContain(`${other.mspId}'s`);
  });

  it('with a bundle of another channel, or lacking an org: names what differs', () => {
    expect(anchorFailure({ ...TRUST, channel: 'other' }).firstFailure!.detail).toMatch(/the package is of channel "notary", the trust bundle of "other"/);
    const without = { ...TRUST, orgs: TRUST.orgs.filter((o) => o.mspId !== 'LawFirmBMSP') };
    expect(anchorFailure(without).firstFailure!.detail).toMatch(/LawFirmBMSP is not an organisation of the bundle/);
  });
});
