// The org's own API process (api/server.ts) as a compose service: NOTARY_ORG
// set, so it serves only this org's clients and holds only their identities
// (api/served-identities.ts). Its state lives in the org's folder, under api/.
import { composePlacement } from '../nodes';
import type { OrgSpec } from '../topology';
import type { ComposeService } from './node-service';
import { bind, ownFolder, PUBLIC_MOUNTS, REPO_FROM_FILE } from './mounts';

/** Each org runs its API on its own machine, so every file publishes the same port. */
export const API_PORT = 8080;

export const apiHost = (org: OrgSpec) => `api.${org.domain}`;

/** The API's files in the org's folder; network.json names only this org's client identities. */
export function apiFiles(org: OrgSpec) {
  const layout = composePlacement().layout;
  return {
    networkJson: layout.org(org, 'api', 'network.json'),
    apiKeys: layout.org(org, 'api', 'api-keys.json'),
    idempotency: layout.org(org, 'api', 'idempotency.jsonl'),
    /** The court's published trust bundle, if the org has put it there; otherwise built from the genesis block. */
    trustBundle: `${PUBLIC_MOUNTS.channel.container}/trust-bundle.json`,
  };
}

/** `remote`: extra_hosts for the other orgs' peers and orderers, which the API's gateway dials. */
export function apiService(org: OrgSpec, remote: string[]): ComposeService {
  const files = apiFiles(org);
  return {
    image: 'notary-api:latest',
    build: { context: REPO_FROM_FILE, dockerfile: 'api/Dockerfile' },
    container_name: apiHost(org),
    hostname: apiHost(org),
    environment: {
      NODE_ENV: 'production',
      HOST: composePlacement().listenHost(org),
      PORT: String(API_PORT),
      NOTARY_ORG: org.mspId,
      NETWORK_JSON: files.networkJson,
      API_KEYS_FILE: files.apiKeys,
      IDEMPOTENCY_FILE: files.idempotency,
      TRUST_BUNDLE_FILE: files.trustBundle,
    },
    ports: [`${API_PORT}:${API_PORT}`],
    volumes: [bind(ownFolder(org)), bind(PUBLIC_MOUNTS.channel, true)],
    ...(remote.length > 0 ? { extra_hosts: remote } : {}),
    networks: ['notary'],
    restart: 'unless-stopped',
  };
}
