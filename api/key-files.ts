// Where API key stores live. An org running its own API (NOTARY_ORG) keeps its keys in its own folder,
// `.fabric/orgs/<org>/api/`, beside its CA, nodes and identities; the local demo's one API for every org keeps
// one store in `.fabric/api/`. A store holds only SHA-256 hashes of the keys.
import path from 'node:path';
import { STATE_DIR } from '../fabric/state-dir';

export const SHARED_KEYS_FILE = path.join(STATE_DIR, 'api', 'api-keys.json');

/** The org's folder name (network/topology.ts org keys): HousingBureauMSP → housingbureau. */
export const orgKeyOf = (mspId: string): string => mspId.replace(/MSP$/, '').toLowerCase();

export const orgApiDir = (mspId: string): string => path.join(STATE_DIR, 'orgs', orgKeyOf(mspId), 'api');

/** The key store an API reads when API_KEYS_FILE is not set: its org's own, or the shared one of the demo. */
export const defaultKeysFile = (notaryOrg: string | undefined): string => (notaryOrg ? path.join(orgApiDir(notaryOrg), 'api-keys.json') : SHARED_KEYS_FILE);
