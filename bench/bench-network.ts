// What the baseline benchmarks share: the trivial put chaincode deployed beside
// the notary's (if it is not yet), and company1's gateway to both through the
// housing bureau's peer, with a Ledger for reading blocks back.
import type { Contract } from '@hyperledger/fabric-gateway';
import { connectGateway, findIdentity, findOrg, newGrpcClient, orgPeers } from '../gateway/connect';
import { Ledger } from '../gateway/ledger';
import { readNetworkDescription, type NetworkDescription } from '../network/description';
import { benchChaincode, deployChaincode } from '../network/native/chaincode';
import { NETWORK_JSON } from '../network/native/paths';
import { loadTopology } from '../network/topology';

export interface BenchNetwork {
  desc: NetworkDescription;
  /** The notary's Contracts contract, as company1. */
  contracts: Contract;
  /** The trivial put chaincode, as company1. */
  trivial: Contract;
  ledger: Ledger;
  close(): void;
}

export async function openBenchNetwork(): Promise<BenchNetwork> {
  const t = loadTopology();
  const bench = benchChaincode(t);
  await deployChaincode(t, (m) => console.error(m), { chaincode: bench });
  const desc = readNetworkDescription(NETWORK_JSON);
  const org = findOrg(desc, 'HousingBureauMSP');
  const client = newGrpcClient(orgPeers(org)[0]!);
  const gateway = connectGateway(client, org.mspId, findIdentity(org, 'company1'));
  const network = gateway.getNetwork(desc.channel);
  const ledger = new Ledger(desc);
  return {
    desc,
    contracts: network.getContract(desc.chaincode, 'Contracts'),
    trivial: network.getContract(bench.name, 'Trivial'),
    ledger,
    close: () => {
      ledger.close();
      gateway.close();
      client.close();
    },
  };
}
