// The orgs that endorsed a transaction, read from its envelope's payload: who vouched for a write, as a verifier sees it.
import { common, msp, peer as peerProto } from '@hyperledger/fabric-protos';

/** Sorted MSP IDs of the endorsements in a transaction envelope's payload bytes. */
export function endorsingMsps(payloadBytes: Uint8Array): string[] {
  const payload = common.Payload.deserializeBinary(payloadBytes);
  const tx = peerProto.Transaction.deserializeBinary(payload.getData_asU8());
  const action = peerProto.ChaincodeActionPayload.deserializeBinary(tx.getActionsList()[0]!.getPayload_asU8());
  return action
    .getAction()!
    .getEndorsementsList()
    .map((e) => msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8()).getMspid())
    .sort();
}
