// The application channel: genesis block from configtx, orderers joined through
// the channel participation API, peers joined with their org admin.
import fs from 'node:fs';
import path from 'node:path';
import { CHANNEL_PROFILE } from '../configtx';
import { allOrderers, allPeers, type Topology } from '../topology';
import { osnadmin, peerCli } from './admin';
import { run } from './exec';
import { waitFor } from './health';
import { foundingCards } from './org-card';
import { bin, layout } from './paths';

export async function createGenesisBlock(t: Topology): Promise<string> {
  const block = layout.channelBlock(t.channel);
  if (fs.existsSync(block)) return block;
  fs.mkdirSync(path.dirname(block), { recursive: true });
  foundingCards(t);
  await run(bin('configtxgen'), ['-profile', CHANNEL_PROFILE, '-channelID', t.channel, '-outputBlock', block, '-configPath', layout.config('configtx')]);
  return block;
}

export async function joinOrderers(t: Topology, log: (m: string) => void): Promise<void> {
  const block = layout.channelBlock(t.channel);
  for (const { org, id } of allOrderers(t)) {
    // The admin endpoint may open a moment after /healthz answers: wait for it, do not fail.
    const { stdout } = await waitFor(`${id} admin endpoint`, () => osnadmin(org, ['channel', 'list']), { timeoutMs: 30_000, intervalMs: 250 });
    const listed = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { channels?: { name: string }[] | null };
    if (listed.channels?.some((c) => c.name === t.channel)) continue;
    await osnadmin(org, ['channel', 'join', '--channelID', t.channel, '--config-block', block]);
    log(`${id} joined channel ${t.channel}`);
  }
}

export async function joinPeers(t: Topology, log: (m: string) => void): Promise<void> {
  const block = layout.channelBlock(t.channel);
  for (const { org, peer, id } of allPeers(t)) {
    // As for the orderers: the peer's gRPC port may open a moment after /healthz answers.
    const { stdout } = await waitFor(`${id} endpoint`, () => peerCli(org, peer, ['channel', 'list']), { timeoutMs: 30_000, intervalMs: 250 });
    if (stdout.split('\n').some((l) => l.trim() === t.channel)) continue;
    await peerCli(org, peer, ['channel', 'join', '-b', block]);
    log(`${id} joined channel ${t.channel}`);
  }
}

/** Block height of the channel on one peer, from `peer channel getinfo`. */
export async function channelHeight(t: Topology, orgKey: string, peerName: string): Promise<number> {
  const org = t.orgs.find((o) => o.key === orgKey)!;
  const peer = org.peers.find((p) => p.name === peerName)!;
  const { stdout } = await peerCli(org, peer, ['channel', 'getinfo', '-c', t.channel], 10_000);
  const info = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { height: number };
  return info.height;
}
