// npm start: the local network (up, idempotent), API keys for its client
// identities (never its org admins), then the API in the foreground. Ctrl-C
// stops the API; `npm run network:down` stops the network.
import fs from 'node:fs';
import path from 'node:path';
import { ApiKeys, issueKeys } from '../api/auth';
import { loadConfig } from '../api/config';
import { startServer } from '../api/server';
import { readNetworkDescription } from '../network/description';
import { up } from '../network/native/network';
import { STATE_DIR } from '../network/native/paths';
import { loadTopology } from '../network/topology';

export const CREDENTIALS_FILE = path.join(STATE_DIR, 'api', 'demo-credentials.json');

/**
 * Why the keys must be issued (again), or undefined when the store can stay:
 * keys are issued once per network (new crypto material means new keys), and
 * a store from before org admins stopped being API clients is replaced.
 */
function reissueReason(storeFile: string): string | undefined {
  if (!fs.existsSync(storeFile)) return 'none issued yet';
  if (fs.statSync(storeFile).mtimeMs < fs.statSync(path.join(STATE_DIR, 'orgs', '.complete')).mtimeMs) return 'the network has new crypto material';
  try {
    ApiKeys.load(storeFile);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

async function main() {
  const started = Date.now();
  const log = (m: string) => console.log(`[+${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);
  const networkJson = await up(loadTopology(), log);
  const config = loadConfig();
  const reason = reissueReason(config.API_KEYS_FILE);
  if (reason !== undefined) {
    issueKeys(readNetworkDescription(networkJson), config.API_KEYS_FILE, CREDENTIALS_FILE);
    log(`issued API keys for the client identities, none for org admins (${reason})`);
  }
  const { url } = await startServer({ ...config, LOG_LEVEL: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' });
  const creds = JSON.parse(fs.readFileSync(CREDENTIALS_FILE, 'utf8')) as { clients: { clientId: string; label: string; key: string }[] };
  console.log(`\nAPI listening on ${url}   docs: ${url}/docs   OpenAPI: ${url}/docs/json`);
  console.log(
    `Screens (sign in with a key below): 法院 ${url}/ui/court  住建局 ${url}/ui/bureau  物业企业 ${url}/ui/company  律所 ${url}/ui/lawfirm  法官核验 ${url}/judge`,
  );
  console.log("Demo keys of the demo's client identities (Authorization: Bearer <key>; org admins have none, they are not API clients):");
  for (const c of creds.clients) console.log(`  ${c.clientId.padEnd(26)} ${c.key}  ${c.label}`);
  console.log(`These keys are in ${CREDENTIALS_FILE} (owner-readable only; the API keeps only their SHA-256 in ${config.API_KEYS_FILE}).`);
  console.log(`\nTry: curl -H "Authorization: Bearer ${creds.clients.find((c) => c.clientId.includes('company1'))?.key}" ${url}/v1/funnel`);
  console.log('Replay the pilot: npm run demo   Stop the API: Ctrl-C   Stop the network: npm run network:down');
}

main().catch((e) => {
  console.error(`npm start failed: ${(e as Error).message}`);
  process.exit(1);
});
