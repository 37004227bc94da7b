// npm run channel:batch-timeout -- <duration>: changes the orderer's
// BatchTimeout (how long an orderer waits to fill a block) through a channel
// configuration update signed by the admins of a majority of the orderer orgs,
// each with its own MSP, as /Channel/Orderer's Admins policy requires.
import { adminMajority, assertDuration, batchTimeoutOf, fetchConfigBlock, setBatchTimeout } from '../network/native/config-update';
import { loadTopology } from '../network/topology';

const started = Date.now();
const log = (msg: string) => console.log(`[+${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

async function main(cmd: string | undefined, args: string[]): Promise<number> {
  const t = loadTopology();
  switch (cmd) {
    case 'batch-timeout': {
      const current = await fetchConfigBlock(t);
      if (args.length === 0) {
        console.log(`BatchTimeout ${batchTimeoutOf(current.config)} (config block ${current.blockNumber}, sequence ${current.sequence})`);
        return 0;
      }
      const timeout = assertDuration(args[0]!);
      log(
        `BatchTimeout ${batchTimeoutOf(current.config)} → ${timeout}, signed by ${adminMajority(t, 'Orderer')
          .map((o) => o.mspId)
          .join(' and ')} admins`,
      );
      const r = await setBatchTimeout(t, timeout, { log });
      log(`BatchTimeout is now ${batchTimeoutOf(r.after.config)}: config block ${r.after.blockNumber}, sequence ${r.before.sequence} → ${r.after.sequence}`);
      return 0;
    }
    default:
      console.error('usage: tsx scripts/channel-config.ts batch-timeout [<duration, e.g. 1s or 500ms>]');
      return 2;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`channel config update failed: ${err.message}`);
    process.exit(1);
  },
);
