// Runs the API: configuration from the environment, one Ledger (shared gRPC
// clients) for the process, graceful shutdown that closes it.
import { ApiKeys } from './auth';
import { buildApp } from './app';
import { loadConfig, type Config } from './config';
import { Metrics } from './metrics';
import { Ledger } from '../gateway/ledger';

export async function startServer(config: Config = loadConfig()) {
  const metrics = new Metrics();
  const ledger = Ledger.open(config.NETWORK_JSON, { onRetry: (e) => metrics.countRetry(e.reason) });
  const app = await buildApp({ config, ledger, keys: ApiKeys.load(config.API_KEYS_FILE), metrics });
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
