// npm run org:add -- <org> [step] [--signers a,b,c]: a new org (one listed in
// network/topology.ts as able to join, e.g. lawfirmc) joins the running channel.
// Steps, in order, each one an operator can run alone (see the README, "A new law firm joins"):
//   org        its CA, identities and card, in its own folder
//   propose    the configuration update adding it, signed by a majority of the members' admins
//              (--signers picks them: org keys or MSP IDs, the last one submits)
//   peer       its peer joins from block 0 and catches up
//   chaincode  its peer gets the chaincode and its admin approves the committed definition
//   status     prints where things stand (config sequence, Application orgs, peer heights) as JSON
// Without a step it runs every step; each skips what is already done.
import { ORG_ADD_STEPS, orgAdd, orgAddStatus, type OrgAddStep } from '../network/native/org-add';
import { joiningOrgKeys } from '../network/topology';

const started = Date.now();
const log = (msg: string) => console.log(`[+${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

const USAGE =
  `usage: npm run org:add -- <org> [${ORG_ADD_STEPS.join('|')}|status] [--signers <org>,<org>,...]; ` + `orgs that may join: ${joiningOrgKeys().join(', ')}`;

/** The org, the step and the signers, or undefined when the command line is not one. */
function parseArgs(args: string[]): { key: string; step?: string; signers?: string[] } | undefined {
  const i = args.indexOf('--signers');
  const signers = i >= 0 ? args[i + 1]?.split(',').filter(Boolean) : undefined;
  const [key, step] = args.filter((_, j) => i < 0 || (j !== i && j !== i + 1));
  if (!key || (i >= 0 && !signers?.length)) return undefined;
  return { key, step, signers };
}

async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (!parsed) {
    console.error(USAGE);
    return 2;
  }
  const { key, step, signers } = parsed;
  if (step === 'status') {
    console.log(JSON.stringify(await orgAddStatus(key), null, 2));
    return 0;
  }
  if (step !== undefined && !(ORG_ADD_STEPS as readonly string[]).includes(step)) {
    console.error(USAGE);
    return 2;
  }
  await orgAdd(key, step as OrgAddStep | undefined, { signers, log });
  log(step ? `step ${step} done for ${key}` : `${key} joined the channel`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`org:add failed: ${err.message}`);
    process.exit(1);
  },
);
