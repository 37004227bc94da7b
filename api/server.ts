// Runs the API: configuration from the environment, one Ledger (shared gRPC
// clients) for the process, graceful shutdown that closes it.
import path from 'node:path';
import { ApiKeys } from './auth';
import { buildApp } from './app';
import { loadConfig, type Config } from './config';
import { Metrics } from './metrics';
import { Ledger } from '../gateway/ledger';
import { blockHeaderHashHex } from '../evidence/blocks';
import { bindStateToLedger, type LedgerIdentity } from './state/ledger-binding';

/** The ledger the API is connected to: its channel and genesis block header hash, read from a peer. */
export async function ledgerIdentity(ledger: Ledger): Promise<LedgerIdentity> {
  const org = ledger.description.orgs[0];
  const identity = org?.identities.find((i) => i.role !== 'admin') ?? org?.identities[0];
  if (!org || !identity) throw new Error('the network description names no identity to read the genesis block with');
  const genesis = await ledger.blockByNumber(org.mspId, identity.name, 0n);
  return { channel: ledger.channel, genesisBlockHeaderHash: blockHeaderHashHex(genesis) };
}

/** Files of the API's state folder that are true of one ledger only. */
export const ledgerDerivedFiles = (config: Config) => [config.IDEMPOTENCY_FILE, path.join(path.dirname(config.IDEMPOTENCY_FILE), 'block-headers.jsonl')];

export async function startServer(config: Config = loadConfig()) {
  const metrics = new Metrics();
  const ledger = Ledger.open(config.NETWORK_JSON, { onRetry: (e) => metrics.countRetry(e.reason) });
  const identity = await ledgerIdentity(ledger);
  const binding = bindStateToLedger(path.dirname(config.IDEMPOTENCY_FILE), identity, ledgerDerivedFiles(config));
  const app = await buildApp({ config, ledger, keys: ApiKeys.load(config.API_KEYS_FILE), metrics });
  if (binding.reason) app.log.warn({ discarded: binding.discarded, ledger: identity }, `API state discarded: ${binding.reason}`);
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      app.close().then(() => process.exit(0), () => process.exit(1));
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
