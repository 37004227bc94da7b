// Which orgs endorsed a committed transaction, read from a peer (qscc
// GetTransactionByID) through the test runner's own gateway connection.
import { common, msp, peer as peerProto } from '@hyperledger/fabric-protos';
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
    const processed = peerProto.ProcessedTransaction.deserializeBinary(bytes);
    const payload = common.Payload.deserializeBinary(processed.getTransactionenvelope()!.getPayload_asU8());
    const tx = peerProto.Transaction.deserializeBinary(payload.getData_asU8());
    const action = peerProto.ChaincodeActionPayload.deserializeBinary(tx.getActionsList()[0]!.getPayload_asU8());
    return action
      .getAction()!
      .getEndorsementsList()
      .map((e) => msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8()).getMspid())
      .sort();
  } finally {
    gateway.close();
    client.close();
  }
}
