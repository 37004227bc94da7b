import fs from 'node:fs';
import { down } from '../../network/native/network';
import { loadTopology } from '../../network/topology';
import { STARTED_BY_TESTS } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(STARTED_BY_TESTS)) return;
  await down(loadTopology(), () => {});
  fs.rmSync(STARTED_BY_TESTS, { force: true });
  console.log('integration: stopped the network the tests started');
}
