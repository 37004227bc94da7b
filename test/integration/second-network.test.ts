// The second network tests use to show that a package from another network is
// refused: it starts beside the shared one, has its own CAs and genesis block,
// and leaves nothing behind.
import fs from 'node:fs';
import { parseTrustBundle } from '../../evidence/trust/bundle';
import { portOpen } from '../../network/native/health';
import { isAlive } from '../../network/native/processes';
import { ensureTrustBundle } from '../../network/native/trust-bundle';
import { loadTopology } from '../../network/topology';
import { startSecondNetwork, type SecondNetwork } from './support/second-network';

jest.setTimeout(420_000);

let second: SecondNetwork | undefined;

afterAll(async () => {
  await second?.stop();
});

it('starts an independent network with its own trust bundle, and removes it completely', async () => {
  const first = (await ensureTrustBundle(loadTopology())).bundle;
  second = await startSecondNetwork();

  const description = JSON.parse(fs.readFileSync(second.networkJson, 'utf8')) as { channel: string; orderers: { endpoint: string }[] };
  expect(description.channel).toBe('notary');
  expect(description.orderers[0]!.endpoint).toBe(`localhost:${7050 + 20000}`);

  const bundle = parseTrustBundle(JSON.parse(fs.readFileSync(second.trustBundle, 'utf8')));
  expect(bundle.channel).toBe(first.channel);
  expect(bundle.orgs.map((o) => o.mspId)).toEqual(first.orgs.map((o) => o.mspId));
  // Same names, but a different genesis block and different CAs.
  expect(bundle.genesisHeaderHash).not.toBe(first.genesisHeaderHash);
  for (const org of bundle.orgs) {
    const mine = first.orgs.find((o) => o.mspId === org.mspId)!;
    expect(org.rootCertSha256).not.toEqual(mine.rootCertSha256);
  }

  const pids = fs
    .readdirSync(`${second.stateDir}/run`)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => Number(fs.readFileSync(`${second!.stateDir}/run/${f}`, 'utf8')));
  expect(pids.length).toBeGreaterThanOrEqual(16);
  await second.stop();
  expect(fs.existsSync(second.stateDir)).toBe(false);
  expect(pids.filter(isAlive)).toEqual([]);
  expect(await portOpen(7051 + 20000)).toBe(false);
  expect(await portOpen(7050 + 20000)).toBe(false);
});
