// Gateway connections for tests, built from .fabric/network.json alone.
import type { Contract, Gateway } from '@hyperledger/fabric-gateway';
import type * as grpc from '@grpc/grpc-js';

import { readNetworkDescription, type NetworkDescription } from '../../../network/description';
import { NETWORK_JSON } from '../../../network/native/paths';
import { connectGateway, findIdentity, findOrg, newGrpcClient, orgPeers, type PeerEndpoint } from '../../../gateway/connect';

export const description = (): NetworkDescription => readNetworkDescription(NETWORK_JSON);

export interface Session {
  gateway: Gateway;
  client: grpc.Client;
  contract: Contract;
  close(): void;
}

/** A gateway for `identity` of `mspId`, through that org's peer `peerIndex`. */
export function session(mspId: string, identity: string, peerIndex = 0, contractName = 'Contracts'): Session {
  const desc = description();
  const org = findOrg(desc, mspId);
  const peer: PeerEndpoint = orgPeers(org)[peerIndex]!;
  const client = newGrpcClient(peer);
  const gateway = connectGateway(client, mspId, findIdentity(org, identity));
  const contract = gateway.getNetwork(desc.channel).getContract(desc.chaincode, contractName);
  return {
    gateway,
    client,
    contract,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}

/** A fresh document hash, so tests never collide with earlier runs on a reused network. */
