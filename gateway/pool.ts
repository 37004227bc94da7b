// Connections: one shared TLS gRPC client per peer endpoint for the whole
// process, and per certificate one gateway per peer of its org (made on first
// use and kept), behind a Failover.
import type * as grpc from '@grpc/grpc-js';
import type { Gateway } from '@hyperledger/fabric-gateway';
import type { NetworkDescription } from '../fabric/network-description';
import { connectAs, connectGateway, findIdentity, findOrg, newGrpcClient, orgPeers, type Deadlines, type PeerEndpoint } from './connect';
import { Failover } from './failover';
import type { LedgerOptions } from './invocation';

export class GatewayPool {
  private readonly clients = new Map<string, grpc.Client>();
  private readonly identities = new Map<string, Failover>();
  private readonly offline = new Map<string, Failover>();
  private readonly gateways: Gateway[] = [];
  private readonly peers = new WeakMap<Gateway, string>();

  constructor(
    private readonly description: NetworkDescription,
    private readonly deadlines: Deadlines,
    private readonly onRetry?: LedgerOptions['onRetry'],
  ) {}

  private client(peer: PeerEndpoint): grpc.Client {
    let c = this.clients.get(peer.address);
    if (!c) {
      c = newGrpcClient(peer);
      this.clients.set(peer.address, c);
    }
    return c;
  }

  /** One gateway per peer of the org for a certificate, made on first use and kept. */
  private failoverOf(cache: Map<string, Failover>, key: string, mspId: string, connectOne: (client: grpc.Client) => Gateway): Failover {
    let f = cache.get(key);
    if (!f) {
      const gws = orgPeers(findOrg(this.description, mspId)).map((peer) => {
        const gateway = connectOne(this.client(peer));
        this.gateways.push(gateway);
        this.peers.set(gateway, peer.address);
        return { peer, gateway };
      });
      f = new Failover(gws, this.onRetry);
      cache.set(key, f);
    }
    return f;
  }

  /** The address of the peer a gateway of this pool talks to. */
  peerOf(gateway: Gateway): string {
    const address = this.peers.get(gateway);
    if (address === undefined) throw new Error('a gateway this pool did not make');
    return address;
  }

  /** Custodial: the gateway signs with the identity's key from network.json. */
  custodial(mspId: string, identity: string): Failover {
    return this.failoverOf(this.identities, `${mspId}/${identity}`, mspId, (client) =>
      connectGateway(client, mspId, findIdentity(findOrg(this.description, mspId), identity), this.deadlines),
    );
  }

  /** Non-custodial: the caller's certificate only; the caller signs digests itself. */
  offlineSigning(mspId: string, certificatePem: string): Failover {
    return this.failoverOf(this.offline, `${mspId}/${certificatePem}`, mspId, (client) =>
      connectAs(client, mspId, Buffer.from(certificatePem), undefined, this.deadlines),
    );
  }

  close(): void {
    for (const g of this.gateways) g.close();
    for (const c of this.clients.values()) c.close();
    this.gateways.length = 0;
    this.clients.clear();
    this.identities.clear();
    this.offline.clear();
  }
}
