// Integration tests run against a real local network: reuse one that is fully
// up, otherwise start it (and remember to stop it in global-teardown).
import fs from 'node:fs';
import path from 'node:path';
import { status, up } from '../../network/native/network';
import { NETWORK_JSON, RUN_DIR } from '../../network/native/paths';
import { loadTopology } from '../../network/topology';

export const STARTED_BY_TESTS = path.join(RUN_DIR, 'started-by-tests');

export default async function globalSetup(): Promise<void> {
  const t = loadTopology();
  const nodes = await status(t);
  if (fs.existsSync(NETWORK_JSON) && nodes.every((n) => n.health === 'ok')) {
    console.log('\nintegration: reusing the running network');
    return;
  }
  const started = Date.now();
  console.log('\nintegration: starting the local Fabric network');
  await up(t, (m) => console.log(`  [+${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`));
  fs.mkdirSync(RUN_DIR, { recursive: true });
  fs.writeFileSync(STARTED_BY_TESTS, new Date().toISOString());
}
