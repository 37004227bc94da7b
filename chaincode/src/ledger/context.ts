// Who is calling and when, read only from what Fabric vouches for: the
// creator's certificate (MSP ID, attributes) and the transaction timestamp.
import type { Context } from 'fabric-contract-api';
import { instantFromTxTimestamp, makeActor, type Actor } from '../domain';

/** Certificate attributes the chaincode authorises on (issued by the org CAs). */
export const ROLE_ATTRIBUTE = 'role';
export const COMPANY_ATTRIBUTE = 'companyId';

export function actorOf(ctx: Context): Actor {
  const id = ctx.clientIdentity;
  return makeActor({
    mspId: id.getMSPID(),
    role: id.getAttributeValue(ROLE_ATTRIBUTE),
    companyId: id.getAttributeValue(COMPANY_ATTRIBUTE),
    subject: id.getID(),
  });
}

export function txTime(ctx: Context): string {
  const ts = ctx.stub.getTxTimestamp();
  return instantFromTxTimestamp(Number(ts.seconds.toString()), ts.nanos);
}
