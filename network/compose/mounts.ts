// What a per-org compose file (deploy/<org>/compose.yml) may mount, as paths
// relative to the file: the org's own folder, and public material any org may
// hold. Nothing else, so no container ever sees another org's private keys.
import { composePlacement } from '../nodes';
import type { OrgSpec } from '../topology';

export interface Mount {
  /** Host path, relative to deploy/<org>/ (compose resolves it from the file's folder). */
  host: string;
  container: string;
}

/** From deploy/<org>/ back to the repository root, where the org's machine keeps its .fabric/. */
export const REPO_FROM_FILE = '../..';

const layout = composePlacement().layout;

export const composeFilePath = (org: OrgSpec) => `deploy/${org.key}/compose.yml`;

/** The org's own folder (.fabric/orgs/<org>/): its CA, keys, certificates, ledgers and API state. */
export const ownFolder = (org: OrgSpec): Mount => ({ host: `${REPO_FROM_FILE}/.fabric/orgs/${org.key}`, container: layout.org(org) });

/** Public material, mounted read-only: the same for every org. */
export const PUBLIC_MOUNTS = {
  /** core.yaml, orderer.yaml and configtx.yaml, written by `npm run network:compose`. */
  config: { host: `${REPO_FROM_FILE}/.fabric/compose/config`, container: layout.config() },
  /** The channel's genesis block and the cards it was built from. */
  channel: { host: `${REPO_FROM_FILE}/.fabric/channel`, container: `${layout.root}/channel` },
  /** Our chaincode-as-a-service external builder (repository code). */
  builder: { host: `${REPO_FROM_FILE}/network/ccaas-builder`, container: composePlacement().builderDir },
} satisfies Record<string, Mount>;

export const bind = (m: Mount, readOnly = false) => `${m.host}:${m.container}${readOnly ? ':ro' : ''}`;
