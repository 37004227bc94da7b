// Attestations: the same read, endorsed by each org on its own.
import { gateway as gatewayProto } from '@hyperledger/fabric-protos';
import type { NetworkDescription } from '../fabric/network-description';
import { LedgerError, toLedgerError } from './errors';
import type { Failover } from './failover';
import { awaitHeight } from './height-wait';
import { heightOn } from './queries';

export interface AttestRequest {
  keys: string[][];
  prefixes: string[][];
  /**
   * The channel height the caller has read at: each org's attestation waits
   * (up to HEIGHT_WAIT_MS) until that org's peer has committed as far, so a
   * peer a block behind does not attest an older history than was read.
   */
  minHeight?: bigint;
}

/** How long an org's peer is given to reach `minHeight` before it attests anyway (its answer is then checked like any other). */
export const HEIGHT_WAIT_MS = 5_000;
const HEIGHT_POLL_MS = 100;

export interface Attestations {
  attestations: { mspId: string; envelope: Uint8Array }[];
  failures: { mspId: string; error: string }[];
}

type Outcome = { mspId: string; envelope: Uint8Array; error?: undefined } | { mspId: string; envelope?: undefined; error: string };

/**
 * Evidence:Attest for `request`, endorsed by EACH application org of the
 * channel separately (`endorsingOrganizations: [org]`), never submitted.
 * Each org's answer is the prepared transaction's common.Envelope: its
 * ChaincodeActionPayload holds that org's peer endorsement over the proposal
 * response payload (the canonical attestation JSON), which binds the
 * proposal header and so its timestamp, the attestation's time. The
 * envelope itself is left unsigned: nothing here is meant to be ordered.
 * Orgs whose peers fail are listed in `failures`; throws only if all fail.
 */
export async function attestEachOrg(f: Failover, description: NetworkDescription, request: AttestRequest): Promise<Attestations> {
  const args = [JSON.stringify({ keys: request.keys, prefixes: request.prefixes })];
  const outcomes = await Promise.all(
    description.orgs.map(async ({ mspId: org }): Promise<Outcome> => {
      try {
        if (request.minHeight !== undefined) {
          const orgHeight = async () => BigInt(await f.run((gw) => heightOn(gw, description.channel, org)));
          await awaitHeight(orgHeight, request.minHeight, { waitMs: HEIGHT_WAIT_MS, pollMs: HEIGHT_POLL_MS });
        }
        const envelope = await f.run(async (gw) => {
          const tx = await gw
            .getNetwork(description.channel)
            .getContract(description.chaincode, 'Evidence')
            .newProposal('Attest', { arguments: args, endorsingOrganizations: [org] })
            .endorse();
          const prepared = gatewayProto.PreparedTransaction.deserializeBinary(tx.getBytes());
          const env = prepared.getEnvelope();
          if (!env) throw new Error(`no envelope in ${org}'s endorsed attestation`);
          return env.serializeBinary();
        });
        return { mspId: org, envelope };
      } catch (e) {
        const err = toLedgerError(e);
        // By address: the gateway reports an org's peers in whatever order it tried them, and the message must not vary with that.
        const peers = err.details.map((d) => `${d.mspId} ${d.address}: ${d.message}`).sort();
        return { mspId: org, error: [err.message, ...peers].join('; ') };
      }
    }),
  );
  const attestations = outcomes.flatMap((o) => (o.envelope ? [{ mspId: o.mspId, envelope: o.envelope }] : []));
  const failures = outcomes.flatMap((o) => (o.error !== undefined ? [{ mspId: o.mspId, error: o.error }] : []));
  if (attestations.length === 0) {
    throw new LedgerError('ENDORSEMENT_FAILED', 'ATTEST_FAILED', `no organisation attested: ${failures.map((x) => `${x.mspId}: ${x.error}`).join(' | ')}`);
  }
  return { attestations, failures };
}
