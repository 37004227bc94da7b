// The chaincode's answer read back from a stored transaction (idempotent
// replays): the response payload of the envelope's chaincode action.
import { common, peer } from '@hyperledger/fabric-protos';
import { chaincodeResponseOf } from '../../../gateway/queries';

function envelopeAnswering(answer: string | undefined): common.Envelope {
  const action = new peer.ChaincodeAction();
  if (answer !== undefined) {
    const response = new peer.Response();
    response.setStatus(200);
    response.setPayload(Buffer.from(answer));
    action.setResponse(response);
  }
  const prp = new peer.ProposalResponsePayload();
  prp.setExtension$(action.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(prp.serializeBinary());
  const ccPayload = new peer.ChaincodeActionPayload();
  ccPayload.setAction(endorsed);
  const txAction = new peer.TransactionAction();
  txAction.setPayload(ccPayload.serializeBinary());
  const tx = new peer.Transaction();
  tx.setActionsList([txAction]);
  const payload = new common.Payload();
  payload.setData(tx.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope;
}

describe('chaincodeResponseOf', () => {
  it("gives the chaincode's answer bytes as endorsed", () => {
    const answer = '{"contract":{"contractId":"C-1"},"txId":"abc"}';
    expect(Buffer.from(chaincodeResponseOf(envelopeAnswering(answer))).toString()).toBe(answer);
  });

  it('refuses an envelope without a chaincode response, or without an action', () => {
    expect(() => chaincodeResponseOf(envelopeAnswering(undefined))).toThrow(/no chaincode response/);
    const empty = new common.Envelope();
    const payload = new common.Payload();
    payload.setData(new peer.Transaction().serializeBinary());
    empty.setPayload(payload.serializeBinary());
    expect(() => chaincodeResponseOf(empty)).toThrow(/no action/);
  });
});
