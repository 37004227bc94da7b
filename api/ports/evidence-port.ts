// The evidence exporter as the API sees it: self-verifying packages of a
// dispute or a contract, exported as one Fabric identity.
import { EvidenceExporter } from '../../evidence/export';
import type { EvidencePackage } from '../../evidence/format';
import { Ledger } from '../../gateway/ledger';
import { ApiError } from '../errors';
import type { LedgerPort } from './ledger-port';

export interface EvidencePort {
  exportDispute(mspId: string, identity: string, disputeId: string): Promise<EvidencePackage>;
  exportContract(mspId: string, identity: string, contractId: string): Promise<EvidencePackage>;
}

/** Without the Fabric ledger (unit tests with a fake port that pass no exporter), exports answer 503. */
const unavailable = async (): Promise<never> => {
  throw new ApiError(503, 'LEDGER_UNAVAILABLE', 'evidence packages are exported from the Fabric ledger, which this server is not connected to');
};

/** The exporter over the Fabric ledger (it reads raw blocks and attestations), or one that answers 503. */
export function evidenceFor(ledger: LedgerPort): EvidencePort {
  return ledger instanceof Ledger ? new EvidenceExporter(ledger) : { exportDispute: unavailable, exportContract: unavailable };
}
