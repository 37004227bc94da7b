// Org-admin command environments for the peer CLI and osnadmin.
import type { OrgSpec, PeerSpec, Topology } from '../topology';
import { bin, layout } from './paths';
import { CommandError, run } from './exec';
import { sleep } from '../../fabric/sleep';
import { allOrderers } from '../topology';
import { dialHost } from '../hosts';

export function peerAdminEnv(org: OrgSpec, peer: PeerSpec = org.peers[0]!): Record<string, string> {
  return {
    FABRIC_CFG_PATH: layout.config('peer'),
    FABRIC_LOGGING_SPEC: 'warning',
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: layout.user(org, 'admin').msp.dir,
    CORE_PEER_ADDRESS: `${dialHost(org)}:${peer.port}`,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: layout.caCert(org),
  };
}

export function peerCli(org: OrgSpec, peer: PeerSpec | undefined, args: string[], timeoutMs?: number) {
  return run(bin('peer'), args, { env: peerAdminEnv(org, peer), timeoutMs });
}

/** Flags naming a reachable orderer for peer CLI commands that submit. */
export function ordererFlags(t: Topology, index = 0): string[] {
  const o = allOrderers(t)[index % allOrderers(t).length]!;
  return ['-o', `${dialHost(o.org)}:${o.orderer.port}`, '--tls', '--cafile', layout.caCert(o.org)];
}

export function osnadmin(org: OrgSpec, args: string[]) {
  const o = org.orderer;
  if (!o) throw new Error(`${org.mspId} runs no orderer`);
  const tls = layout.user(org, 'admin').tls;
  return run(bin('osnadmin'), [
    ...args,
    '-o',
    `${dialHost(org)}:${o.adminPort}`,
    '--ca-file',
    layout.caCert(org),
    '--client-cert',
    tls.cert,
    '--client-key',
    tls.key,
  ]);
}

const CONNECTION_TROUBLE = /connection refused|failed to create new connection|context deadline exceeded|Unavailable|transport|EOF|SERVICE_UNAVAILABLE/i;

const connectionTrouble = (e: unknown): boolean => CONNECTION_TROUBLE.test(e instanceof CommandError ? `${e.stderr}\n${e.stdout}` : String(e));

/**
 * Runs `fn` against orderer `first`, then the next, … until one takes it: a test may have stopped one, and a Raft
 * cluster answers SERVICE_UNAVAILABLE while it elects a leader. After a round where every orderer had connection
 * trouble it waits and goes round again (`rounds` in all). Any other failure is thrown at once.
 */
export async function onSomeOrderer<T>(t: Topology, fn: (flags: string[]) => Promise<T>, { first = 0, rounds = 3, pauseMs = 2000 } = {}): Promise<T> {
  const n = allOrderers(t).length;
  let last: unknown;
  for (let round = 0; round < rounds; round++) {
    if (round > 0) await sleep(pauseMs * round);
    for (let i = 0; i < n; i++) {
      try {
        return await fn(ordererFlags(t, first + i));
      } catch (e) {
        last = e;
        if (!connectionTrouble(e)) throw e;
      }
    }
  }
  throw last;
}
