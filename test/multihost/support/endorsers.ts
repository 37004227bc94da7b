// Which orgs endorsed a committed transaction, read from a peer (qscc
// GetTransactionByID) through the test runner's own gateway connection.
import { peer as peerProto } from '@hyperledger/fabric-protos';
import { endorsingMsps } from '../../integration/support/endorsements';
import { connectGateway, findIdentity, findOrg, newGrpcClient, orgPeers } from '../../../gateway/connect';
import { readNetworkDescription } from '../../../network/description';

export async function endorsersOf(networkJson: string, mspId: string, identity: string, txId: string): Promise<string[]> {
  const desc = readNetworkDescription(networkJson);
  const org = findOrg(desc, mspId);
  const client = newGrpcClient(orgPeers(org)[0]!);
  const gateway = connectGateway(client, mspId, findIdentity(org, identity));
  try {
    const qscc = gateway.getNetwork(desc.channel).getContract('qscc');
    const bytes = await qscc.evaluateTransaction('GetTransactionByID', desc.channel, txId);
    return endorsingMsps(peerProto.ProcessedTransaction.deserializeBinary(bytes).getTransactionenvelope()!.getPayload_asU8());
  } finally {
    gateway.close();
    client.close();
  }
}
