// npm run network:{up,down,clean,status,compose} and chaincode:upgrade.
import fs from 'node:fs';
import path from 'node:path';
import { composeFilePath } from '../network/compose/mounts';
import { orgComposeYaml } from '../network/compose/org-file';
import { clean, down, status, up } from '../network/native/network';
import { writeNodeConfig } from '../network/native/node-config';
import { REPO_ROOT, STATE_DIR } from '../network/native/paths';
import { composePlacement } from '../network/nodes';
import { foundingTopology, loadTopology } from '../network/topology';

const started = Date.now();
const log = (msg: string) => console.log(`[+${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

// eslint-disable-next-line complexity -- the network command line: one branch per subcommand
async function main(cmd: string | undefined, flags: string[]): Promise<number> {
  const t = loadTopology();
  switch (cmd) {
    case 'up':
    case 'upgrade': {
      const description = await up(t, log, { upgrade: cmd === 'upgrade' });
      log(`network up: channel ${t.channel}, chaincode ${t.chaincode.name}; description in ${description}`);
      return 0;
    }
    case 'down':
      await down(t, log);
      return 0;
    case 'clean':
      await clean(t, log);
      return 0;
    case 'status': {
      const nodes = await status(t);
      if (flags.includes('--json')) {
        console.log(JSON.stringify({ channel: t.channel, nodes }, null, 2));
      } else {
        for (const n of nodes) {
          const height = n.channelHeight === undefined ? '' : `  height ${n.channelHeight}`;
          console.log(
            `${n.id.padEnd(24)} ${n.mspId.padEnd(17)} ${n.health.padEnd(9)} pid ${String(n.pid ?? '-').padEnd(7)} ` +
              `${`${n.rssMiB ?? '-'} MiB`.padEnd(8)} ports ${n.ports.join(',')}${height}${n.detail ? `  ${n.detail}` : ''}`,
          );
        }
      }
      return nodes.every((n) => n.health === 'ok') ? 0 : 1;
    }
    case 'compose': {
      // The founding consortium at its own ports (no FABRIC_PORT_OFFSET: each org has its machine); orgs added at run time are not in it.
      const founding = foundingTopology({});
      for (const org of founding.orgs) {
        const file = path.join(REPO_ROOT, composeFilePath(org));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, orgComposeYaml(founding, org));
        log(`wrote ${file}`);
      }
      writeNodeConfig(founding, composePlacement(), path.join(STATE_DIR, 'compose', 'config'));
      log(`wrote the nodes' config files under ${path.join(STATE_DIR, 'compose', 'config')}`);
      return 0;
    }
    default:
      console.error('usage: tsx scripts/network.ts up|down|clean|status [--json]|compose|upgrade');
      return 2;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`network ${process.argv[2]} failed: ${err.message}`);
    process.exit(1);
  },
);
