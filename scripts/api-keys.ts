// npm run api:keys -- <MSP ID>: API keys for one org's own API (NOTARY_ORG=<MSP ID>), kept in the org's own folder.
// Issues a key for each of the org's client identities (none for its admin), stores their hashes in
// .fabric/orgs/<org>/api/api-keys.json and the keys themselves, owner-readable only, in credentials.json beside it.
import path from 'node:path';
import { issueKeys } from '../api/auth';
import { orgApiDir } from '../api/key-files';
import { readNetworkDescription } from '../network/description';
import { NETWORK_JSON } from '../network/native/paths';

const mspId = process.argv[2];
const desc = readNetworkDescription(NETWORK_JSON);
if (!mspId || !desc.orgs.some((o) => o.mspId === mspId)) {
  console.error(`usage: npm run api:keys -- <MSP ID>, one of ${desc.orgs.map((o) => o.mspId).join(', ')}`);
  process.exit(2);
}
const dir = orgApiDir(mspId);
const store = path.join(dir, 'api-keys.json');
const credentials = path.join(dir, 'credentials.json');
const issued = issueKeys(desc, store, credentials, mspId);
for (const k of issued) console.log(`  ${k.clientId.padEnd(26)} ${k.key}  ${k.label}`);
console.log(`${issued.length} keys of ${mspId}: hashes in ${store}, keys (owner-readable only) in ${credentials}.`);
console.log(`Start ${mspId}'s own API with: NOTARY_ORG=${mspId} npm run api`);
