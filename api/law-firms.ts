// The channel's law firms, as the network this API serves describes them: the
// chaincode takes any LawFirm<name>MSP (a firm may join at run time), so the
// API is where a dispute naming a firm that is not an org of the channel is
// refused, before anything is written. An org added while the API runs is
// known to it from its next start (its network.json is read then).
import type { NetworkDescription } from '../fabric/network-description';
import { isLawFirmMspId } from '../chaincode/src/domain';
import { ApiError } from './errors';

export const channelLawFirms = (desc: NetworkDescription): string[] => desc.orgs.map((o) => o.mspId).filter(isLawFirmMspId);

/** 400 INVALID_ARGUMENT unless `mspId` (when given) is a law firm of the channel. */
export function assertChannelLawFirm(desc: NetworkDescription, mspId: string | undefined): void {
  if (mspId === undefined) return;
  const firms = channelLawFirms(desc);
  if (!firms.includes(mspId)) {
    throw new ApiError(400, 'INVALID_ARGUMENT', `lawFirmMspId: ${mspId} is not a law firm of channel ${desc.channel} (${firms.join(', ')})`, {
      field: 'lawFirmMspId',
      lawFirms: firms,
    });
  }
}
