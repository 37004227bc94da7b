// npm run org:card -- <org>: the org (its key, e.g. lawfirma, or its MSP ID)
// writes its card from its own folder to .fabric/orgs/<org>/card.json: MSP ID,
// root and TLS CA certificates, admin certificate, anchor peers and orderer
// endpoints. Public material only: it is what the org hands to the others.
// The JSON goes to stdout, the file's path to stderr.
import fs from 'node:fs';
import { writeOrgCard } from '../network/native/org-card';
import { loadTopology } from '../network/topology';

function main(): number {
  const t = loadTopology();
  const which = process.argv[2];
  const org = t.orgs.find((o) => o.key === which || o.mspId === which);
  if (!org) {
    console.error(`usage: npm run org:card -- <org>; orgs: ${t.orgs.map((o) => `${o.key} (${o.mspId})`).join(', ')}`);
    return 2;
  }
  const file = writeOrgCard(org);
  console.log(fs.readFileSync(file, 'utf8').trimEnd());
  console.error(`wrote ${file}`);
  return 0;
}

if (require.main === module) {
  try {
    process.exit(main());
  } catch (e) {
    console.error(`org:card failed: ${(e as Error).message}`);
    process.exit(1);
  }
}
