// A network is ready for clients once every org's peer can plan an endorsement
// of the chaincode: discovery needs gossip to have spread each peer's
// membership and installed chaincodes, which takes seconds after the peers
// start (longer on a busy machine). Until then the gateway answers
// FAILED_PRECONDITION "no combination of peers can be derived". network:up
// waits for it here, so whoever uses the network next does not have to.
import { connectGateway, findIdentity, newGrpcClient, orgPeers } from '../../gateway/connect';
import { readNetworkDescription } from '../../fabric/network-description';
import { sleep } from '../../fabric/sleep';

const GET_METADATA = 'org.hyperledger.fabric:GetMetadata';

/** Endorses (never submits) a read of the chaincode through each org's first peer until all succeed. */
export async function waitEndorsable(networkJson: string, log: (m: string) => void, timeoutMs = 120_000): Promise<void> {
  const desc = readNetworkDescription(networkJson);
  const started = Date.now();
  for (const org of desc.orgs) {
    const client = newGrpcClient(orgPeers(org)[0]!);
    const gateway = connectGateway(client, org.mspId, findIdentity(org, org.identities[0]!.name));
    try {
      const contract = gateway.getNetwork(desc.channel).getContract(desc.chaincode);
      for (let attempt = 1; ; attempt++) {
        try {
          await contract.newProposal(GET_METADATA).endorse();
          if (attempt > 1) log(`${org.mspId}'s peer can plan endorsements (after ${attempt} tries)`);
          break;
        } catch (e) {
          if (Date.now() - started > timeoutMs)
            throw new Error(`${org.mspId}'s peer cannot plan an endorsement of ${desc.chaincode}: ${(e as Error).message}`, { cause: e });
          await sleep(500);
        }
      }
    } finally {
      gateway.close();
      client.close();
    }
  }
}
