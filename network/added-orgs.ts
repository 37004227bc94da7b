// Recording an org that joins the channel at run time in the state folder
// (added-orgs.json), so that the launcher (network:up/down/status/clean) and
// every client keep managing it after `npm run org:add`; loadTopology
// (topology.ts) merges what is recorded. The founding topology never changes,
// and a cleaned state folder has no added orgs.
import fs from 'node:fs';
import path from 'node:path';
import { addedOrgs, addedOrgsFile, type AddedOrg } from './topology';

/** Records (or updates) an added org; its spec is the unshifted one. */
export function recordAddedOrg(org: AddedOrg, env: NodeJS.ProcessEnv = process.env): void {
  const others = addedOrgs(env).filter((a) => a.spec.key !== org.spec.key);
  const file = addedOrgsFile(env);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ orgs: [...others, org] }, null, 2)}\n`);
}
