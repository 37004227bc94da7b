// npm start: the local network (up, idempotent), API keys for its identities,
// then the API in the foreground. Ctrl-C stops the API; `npm run network:down`
// stops the network.
import fs from 'node:fs';
import path from 'node:path';
import { issueKeys } from '../api/auth';
import { loadConfig } from '../api/config';
import { startServer } from '../api/server';
import { readNetworkDescription } from '../network/description';
import { up } from '../network/native/network';
import { STATE_DIR } from '../network/native/paths';
import { loadTopology } from '../network/topology';

export const CREDENTIALS_FILE = path.join(STATE_DIR, 'api', 'demo-credentials.json');

async function main() {
  const started = Date.now();
  const log = (m: string) => console.log(`[+${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);
  const networkJson = await up(loadTopology(), log);
  const config = loadConfig();
  // Keys are issued once per network (new crypto material means new keys).
  if (!fs.existsSync(config.API_KEYS_FILE) || fs.statSync(config.API_KEYS_FILE).mtimeMs < fs.statSync(path.join(STATE_DIR, 'crypto', '.complete')).mtimeMs) {
    issueKeys(readNetworkDescription(networkJson), config.API_KEYS_FILE, CREDENTIALS_FILE);
    log(`issued API keys for every identity (${CREDENTIALS_FILE})`);
  }
  const { url } = await startServer({ ...config, LOG_LEVEL: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' });
  const creds = JSON.parse(fs.readFileSync(CREDENTIALS_FILE, 'utf8')) as { clients: { clientId: string; label: string; key: string }[] };
  console.log(`\nAPI listening on ${url}   docs: ${url}/docs   OpenAPI: ${url}/docs/json`);
  console.log('Demo clients (Authorization: Bearer <key>):');
  for (const c of creds.clients) console.log(`  ${c.clientId.padEnd(26)} ${c.key}  ${c.label}`);
  console.log(`\nTry: curl -H "Authorization: Bearer ${creds.clients.find((c) => c.clientId.includes('company1'))?.key}" ${url}/v1/funnel`);
  console.log('Replay the pilot: npm run demo   Stop the API: Ctrl-C   Stop the network: npm run network:down');
}

main().catch((e) => {
  console.error(`npm start failed: ${(e as Error).message}`);
  process.exit(1);
});
