// Signed channel configuration updates, the way a consortium makes them:
// fetch the newest config block from an orderer, decode it with configtxlator,
// let the caller change the config JSON, compute the update, wrap it in a
// config update envelope, have it signed by the admin of each org the
// modification policy needs (each with its own MSP folder, through the peer
// CLI), then submit it to an orderer over TLS. The orderer checks the
// signatures against the policy and refuses an update that lacks some.
//
// Used by `npm run channel:batch-timeout` and by the tests that need a
// configuration change (the batch timeout now, a new org later).
import { common, msp } from '@hyperledger/fabric-protos';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dialHost } from '../hosts';
import { allOrderers, type OrgSpec, type Topology } from '../topology';
import { onSomeOrderer, peerAdminEnv } from './admin';
import { channelHeight } from './channel';
import { CommandError, run } from './exec';
import { waitFor } from './health';
import { channelMetric } from './metrics';
import { bin } from './paths';

/** configtxlator's JSON of a common.ConfigGroup. */
export interface ConfigGroupJson {
  groups?: Record<string, ConfigGroupJson>;
  values?: Record<string, { mod_policy?: string; value: unknown; version?: string }>;
  policies?: Record<string, { mod_policy?: string; policy: unknown; version?: string }>;
  mod_policy?: string;
  version?: string;
}

/** configtxlator's JSON of a common.Config (uint64 fields are decimal strings). */
export interface ChannelConfigJson {
  sequence: string;
  channel_group: ConfigGroupJson;
}

export interface ConfigBlock {
  /** The block number of the newest configuration block. */
  blockNumber: number;
  /** The configuration sequence, incremented by every applied update. */
  sequence: number;
  config: ChannelConfigJson;
  /** The raw common.Block bytes as the orderer returned them. */
  raw: Uint8Array;
}

/** An org by its topology key (court), its MSP ID (CourtMSP) or itself. */
export type OrgRef = OrgSpec | string;

export interface ConfigUpdateOptions {
  /**
   * Orgs whose admins sign the update, each with its own admin MSP folder.
   * All but the last sign with `peer channel signconfigtx`; the last submits
   * with `peer channel update`, which adds its own signature.
   */
  signers: OrgRef[];
  /** Changes the config JSON in place (or returns a new one). */
  mutate: (config: ChannelConfigJson) => void | ChannelConfigJson;
  /** Which org's admin fetches the config (a channel reader); default the first signer. */
  reader?: OrgRef;
  /** Wait until every peer of the topology has the new config block (default true). */
  waitForPeers?: boolean;
  log?: (m: string) => void;
}

export interface ConfigUpdateResult {
  before: { blockNumber: number; sequence: number };
  after: ConfigBlock;
  /** MSP IDs of the admins that signed, in signing order. */
  signedBy: string[];
}

/** An update the orderer (or our own checks) refused; `detail` keeps the CLI's message. */
export class ConfigUpdateError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ConfigUpdateError';
  }
}

export function resolveOrg(t: Topology, ref: OrgRef): OrgSpec {
  if (typeof ref !== 'string') return ref;
  const org = t.orgs.find((o) => o.key === ref || o.mspId === ref);
  if (!org) throw new Error(`no org ${ref} in the topology (one of ${t.orgs.map((o) => o.mspId).join(', ')})`);
  return org;
}

/**
 * The smallest set of orgs meeting `MAJORITY Admins` of a configuration
 * section (network/configtx.ts sets every section's Admins policy to it): of
 * the orderer orgs for /Channel/Orderer, of every org for /Channel/Application.
 */
export function adminMajority(t: Topology, section: 'Orderer' | 'Application'): OrgSpec[] {
  const members = section === 'Orderer' ? t.orgs.filter((o) => o.orderer) : t.orgs;
  return members.slice(0, Math.floor(members.length / 2) + 1);
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'config-update-'));

async function configtxlator(args: string[]): Promise<void> {
  await run(bin('configtxlator'), args);
}

/** The newest configuration block of the channel, fetched from an orderer by an org admin and decoded. */
export async function fetchConfigBlock(t: Topology, reader: OrgRef = t.orgs[0]!): Promise<ConfigBlock> {
  const org = resolveOrg(t, reader);
  const dir = tempDir();
  try {
    const blockFile = path.join(dir, 'config_block.pb');
    const jsonFile = path.join(dir, 'config_block.json');
    await onSomeOrderer(t, (flags) =>
      run(bin('peer'), ['channel', 'fetch', 'config', blockFile, '-c', t.channel, ...flags], { env: peerAdminEnv(org), timeoutMs: 30_000 }),
    );
    await configtxlator(['proto_decode', '--input', blockFile, '--type', 'common.Block', '--output', jsonFile]);
    const block = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as {
      header: { number: string };
      data: { data: { payload: { data: { config: ChannelConfigJson } } }[] };
    };
    const config = block.data.data[0]!.payload.data.config;
    return {
      blockNumber: Number(block.header.number),
      sequence: Number(config.sequence ?? 0),
      config,
      raw: new Uint8Array(fs.readFileSync(blockFile)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A CONFIG_UPDATE envelope around a marshalled common.ConfigUpdate, with no signatures yet. */
export function configUpdateEnvelope(channel: string, configUpdate: Uint8Array): Uint8Array {
  const ch = new common.ChannelHeader();
  ch.setType(common.HeaderType.CONFIG_UPDATE);
  ch.setChannelId(channel);
  const header = new common.Header();
  header.setChannelHeader(ch.serializeBinary());
  const cue = new common.ConfigUpdateEnvelope();
  cue.setConfigUpdate(configUpdate);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(cue.serializeBinary());
  const env = new common.Envelope();
  env.setPayload(payload.serializeBinary());
  return env.serializeBinary();
}

/** MSP IDs of the signatures a config update envelope carries (for logs and tests). */
export function configUpdateSigners(envelope: Uint8Array): string[] {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelope).getPayload_asU8());
  const cue = common.ConfigUpdateEnvelope.deserializeBinary(payload.getData_asU8());
  return cue.getSignaturesList().map((s) => {
    const sh = common.SignatureHeader.deserializeBinary(s.getSignatureHeader_asU8());
    return msp.SerializedIdentity.deserializeBinary(sh.getCreator_asU8()).getMspid();
  });
}

/**
 * Builds the signed update for a change of the newest config and submits it.
 * Resolves once the orderer has cut the new config block (and, by default,
 * every peer has it). Throws ConfigUpdateError, with the orderer's message,
 * when the orderer refuses it (e.g. too few admin signatures); nothing changes then.
 */
// eslint-disable-next-line complexity -- a channel configuration update end to end (fetch, compute, sign, submit, wait), logged step by step
export async function updateChannelConfig(t: Topology, opts: ConfigUpdateOptions): Promise<ConfigUpdateResult> {
  const log = opts.log ?? (() => {});
  const signers = opts.signers.map((s) => resolveOrg(t, s));
  if (signers.length === 0) throw new ConfigUpdateError('a config update needs at least one signing admin');
  const reader = resolveOrg(t, opts.reader ?? signers[0]!);

  // A concurrent update may land between our fetch and our submit: the orderer
  // then refuses ours for its read set, and we start over from the newer config.
  for (let attempt = 1; ; attempt++) {
    const current = await fetchConfigBlock(t, reader);
    const dir = tempDir();
    try {
      const original = JSON.parse(JSON.stringify(current.config)) as ChannelConfigJson;
      const modified = (opts.mutate(current.config) ?? current.config) as ChannelConfigJson;
      const files = (name: string) => path.join(dir, name);
      fs.writeFileSync(files('original.json'), JSON.stringify(original));
      fs.writeFileSync(files('modified.json'), JSON.stringify(modified));
      await configtxlator(['proto_encode', '--input', files('original.json'), '--type', 'common.Config', '--output', files('original.pb')]);
      await configtxlator(['proto_encode', '--input', files('modified.json'), '--type', 'common.Config', '--output', files('modified.pb')]);
      try {
        await configtxlator([
          'compute_update',
          '--channel_id',
          t.channel,
          '--original',
          files('original.pb'),
          '--updated',
          files('modified.pb'),
          '--output',
          files('update.pb'),
        ]);
      } catch (e) {
        const text = e instanceof CommandError ? `${e.stderr}${e.stdout}` : String(e);
        if (/no differences detected/i.test(text)) throw new ConfigUpdateError('the change leaves the channel configuration as it is: nothing to update');
        throw e;
      }
      const envelopeFile = files('update_envelope.pb');
      fs.writeFileSync(envelopeFile, configUpdateEnvelope(t.channel, new Uint8Array(fs.readFileSync(files('update.pb')))));

      for (const org of signers.slice(0, -1)) {
        await run(bin('peer'), ['channel', 'signconfigtx', '-f', envelopeFile], { env: peerAdminEnv(org) });
        log(`${org.mspId} admin signed the config update`);
      }
      const signed = configUpdateSigners(new Uint8Array(fs.readFileSync(envelopeFile)));
      const expected = signers.slice(0, -1).map((o) => o.mspId);
      if (signed.join() !== expected.join())
        throw new ConfigUpdateError(`the update carries signatures of ${signed.join(', ') || 'nobody'}, expected ${expected.join(', ')}`);
      const submitter = signers[signers.length - 1]!;
      try {
        await onSomeOrderer(t, (flags) =>
          run(bin('peer'), ['channel', 'update', '-f', envelopeFile, '-c', t.channel, ...flags], { env: peerAdminEnv(submitter), timeoutMs: 60_000 }),
        );
      } catch (e) {
        if (!(e instanceof CommandError)) throw e;
        const detail = `${e.stderr}\n${e.stdout}`.trim();
        if (/ReadSet|readset|be at version/i.test(detail) && attempt < 3) {
          log(`the config changed under us (attempt ${attempt}); computing the update again`);
          continue;
        }
        const reason = /Error: (.*)$/m.exec(detail)?.[1] ?? detail.split('\n').pop() ?? '';
        throw new ConfigUpdateError(`the orderer refused the config update signed by ${signers.map((o) => o.mspId).join(', ')}: ${reason}`, detail);
      }
      log(`${submitter.mspId} admin signed and submitted the config update`);

      const after = await waitFor(
        `config sequence above ${current.sequence}`,
        async () => {
          const b = await fetchConfigBlock(t, reader);
          return b.sequence > current.sequence ? b : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      if (opts.waitForPeers ?? true) {
        await waitFor(
          `every peer at block ${after.blockNumber}`,
          async () => {
            for (const org of t.orgs) {
              for (const p of org.peers) if ((await channelHeight(t, org.key, p.name)) <= after.blockNumber) return undefined;
            }
            return true;
          },
          { timeoutMs: 30_000, intervalMs: 250 },
        );
      }
      // Writes are checked against the config by whichever orderer receives them: one that has not yet
      // committed the config block would refuse a new member's first write. One that does not answer takes no writes.
      await waitFor(
        `every reachable orderer at block ${after.blockNumber}`,
        async () => {
          for (const { org, orderer } of allOrderers(t)) {
            const height = await channelMetric(dialHost(org), orderer.operationsPort, 'ledger_blockchain_height', t.channel).catch(() => undefined);
            if (height !== undefined && height <= after.blockNumber) return undefined;
          }
          return true;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      log(`config block ${after.blockNumber} applied: sequence ${current.sequence} → ${after.sequence}`);
      return {
        before: { blockNumber: current.blockNumber, sequence: current.sequence },
        after,
        signedBy: signers.map((o) => o.mspId),
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

// ---- the orderer's batch timeout --------------------------------------------

/** Go's time.ParseDuration syntax, positive: 1s, 500ms, 1m30s, 2.5s. */
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

export function assertDuration(value: string): string {
  if (!DURATION.test(value) || !/[1-9]/.test(value)) {
    throw new ConfigUpdateError(`"${value}" is not a positive duration (examples: 1s, 500ms, 2.5s)`);
  }
  return value;
}

function batchTimeoutValue(config: ChannelConfigJson): { timeout: string } {
  const v = config.channel_group.groups?.Orderer?.values?.BatchTimeout?.value as { timeout: string } | undefined;
  if (!v) throw new ConfigUpdateError('the channel configuration has no /Channel/Orderer BatchTimeout value');
  return v;
}

/** The orderer's BatchTimeout in a config, e.g. "250ms". */
export const batchTimeoutOf = (config: ChannelConfigJson): string => batchTimeoutValue(config).timeout;

/**
 * Sets the orderer's BatchTimeout. /Channel/Orderer's Admins policy is
 * MAJORITY Admins of the orderer orgs, so by default a majority of them sign.
 */
export async function setBatchTimeout(
  t: Topology,
  timeout: string,
  { signers = adminMajority(t, 'Orderer'), ...rest }: Partial<Omit<ConfigUpdateOptions, 'mutate'>> = {},
): Promise<ConfigUpdateResult> {
  assertDuration(timeout);
  return updateChannelConfig(t, {
    ...rest,
    signers,
    mutate: (config) => {
      batchTimeoutValue(config).timeout = timeout;
    },
  });
}
