// Runs the API: configuration from the environment, one Ledger (shared gRPC
// clients) for the process, graceful shutdown that closes it.
import fs from 'node:fs';
import path from 'node:path';
import { ApiKeys } from './auth';
import { buildApp } from './app';
import { loadConfig, type Config } from './config';
import { Metrics } from './metrics';
import { Ledger } from '../gateway/ledger';
import { readNetworkDescription } from '../fabric/network-description';
import { servedClients, servedDescription } from './served-identities';
import type { LedgerPort } from './ports/ledger-port';
import { blockHeaderHashHex } from '../evidence/blocks';
import { bindStateToLedger, type LedgerIdentity } from './state/ledger-binding';
import { buildTrustBundle, parseTrustBundle, type TrustBundle } from '../evidence/trust/bundle';
import { trustBundleMeta } from '../network/native/trust-bundle';
import { loadTopology } from '../network/topology';
import { decodeBlock, decodeConfigEnvelope } from '../evidence/verify/decode';

/** The channel's genesis block, read from a peer of the first org with a client identity. */
async function readGenesis(ledger: LedgerPort): Promise<Uint8Array> {
  const org = ledger.description.orgs.find((o) => o.identities.some((i) => i.role !== 'admin'));
  const reader = org?.identities.find((i) => i.role !== 'admin');
  if (!org || !reader) throw new Error('the network description names no identity to read the genesis block with');
  return ledger.blockByNumber(org.mspId, reader.name, 0n);
}

const identityOf = (ledger: LedgerPort, genesis: Uint8Array): LedgerIdentity => ({
  channel: ledger.channel,
  genesisBlockHeaderHash: blockHeaderHashHex(genesis),
});

/** The ledger the API is connected to: its channel and genesis block header hash, read from a peer. */
export async function ledgerIdentity(ledger: LedgerPort): Promise<LedgerIdentity> {
  return identityOf(ledger, await readGenesis(ledger));
}

/** The bundle in `file` when it was made for this ledger; otherwise why it cannot be used. */
function trustBundleFromFile(file: string, identity: LedgerIdentity): { bundle: TrustBundle } | { note: string } {
  if (!fs.existsSync(file)) return { note: `${file} does not exist` };
  try {
    const bundle = parseTrustBundle(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (bundle.genesisHeaderHash === identity.genesisBlockHeaderHash && bundle.channel === identity.channel) return { bundle };
    return { note: `${file} was made for another ledger (genesis ${bundle.genesisHeaderHash}, channel ${bundle.channel})` };
  } catch (e) {
    return { note: `${file} is not a valid trust bundle: ${(e as Error).message}` };
  }
}

/**
 * The trust bundle /verify and /judge check packages against: TRUST_BUNDLE_FILE
 * when it is well formed and made for the connected ledger's genesis block;
 * otherwise built from the genesis block read from a peer (the file is left as
 * it is: `npm run trust-bundle` writes it), dated by the genesis block so that
 * it is the same bundle at every start. `note` says why the file was not used.
 * A caller that has already read the genesis block passes it, so it is read once.
 */
export async function loadTrustBundle(
  config: Config,
  ledger: LedgerPort,
  identity: LedgerIdentity,
  genesisBlock?: Uint8Array,
): Promise<{ bundle: TrustBundle; source: 'file' | 'genesis'; note?: string }> {
  const fromFile = trustBundleFromFile(config.TRUST_BUNDLE_FILE, identity);
  if ('bundle' in fromFile) return { bundle: fromFile.bundle, source: 'file' };
  const { note } = fromFile;
  const genesis = genesisBlock ?? (await readGenesis(ledger));
  // Dated by the genesis block, so a bundle rebuilt at every start has the same hash (the certificates name it).
  const createdAt = decodeConfigEnvelope(decodeBlock(genesis, 'genesis block'), 'genesis block').env.channelHeader.timestamp;
  const bundle = buildTrustBundle(genesis, trustBundleMeta(loadTopology(), new Date(createdAt)));
  if (bundle.genesisHeaderHash !== identity.genesisBlockHeaderHash) throw new Error("the genesis block read for the trust bundle is not the ledger's");
  return { bundle, source: 'genesis', note };
}

/** Files of the API's state folder that are true of one ledger only. */
export const ledgerDerivedFiles = (config: Config) => [config.IDEMPOTENCY_FILE, path.join(path.dirname(config.IDEMPOTENCY_FILE), 'block-headers.jsonl')];

export async function startServer(config: Config = loadConfig()) {
  const metrics = new Metrics();
  const allKeys = ApiKeys.load(config.API_KEYS_FILE);
  const keys = new ApiKeys(servedClients(allKeys.clients, config.NOTARY_ORG));
  const description = servedDescription(readNetworkDescription(config.NETWORK_JSON), keys.clients, config.NOTARY_ORG);
  const ledger = new Ledger(description, { onRetry: (e) => metrics.countRetry(e.reason) });
  const genesis = await readGenesis(ledger);
  const identity = identityOf(ledger, genesis);
  const binding = bindStateToLedger(path.dirname(config.IDEMPOTENCY_FILE), identity, ledgerDerivedFiles(config));
  const trust = await loadTrustBundle(config, ledger, identity, genesis);
  const app = await buildApp({ config, ledger, keys, metrics, trustBundle: trust.bundle });
  if (trust.note)
    app.log.warn(
      { file: config.TRUST_BUNDLE_FILE, genesisHeaderHash: trust.bundle.genesisHeaderHash },
      `trust bundle built from the ledger's genesis block: ${trust.note}`,
    );
  if (binding.reason) app.log.warn({ discarded: binding.discarded, ledger: identity }, `API state discarded: ${binding.reason}`);
  const served = description.orgs.flatMap((o) => o.identities.map((i) => `${o.mspId}/${i.name}`));
  app.log.info({ org: config.NOTARY_ORG ?? 'every org', identities: served }, 'serving these client identities only');
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  return { app, url };
}

if (require.main === module) {
  startServer().catch((e) => {
    console.error(`API failed to start: ${(e as Error).message}`);
    process.exit(1);
  });
}
