// npm run trust-bundle: prints the running network's trust bundle (what the
// court publishes and a judge's machine keeps), .fabric/trust-bundle.json.
// When the file is missing, or was made for another genesis block (a network
// cleaned and started again), it is built from the channel's genesis block and
// written. The JSON goes to stdout; its path and fingerprint to stderr.
import { ensureTrustBundle } from '../network/native/trust-bundle';
import { STATE_DIR } from '../network/native/paths';
import { loadTopology } from '../network/topology';
import { trustBundleHash } from '../evidence/trust/bundle';

async function main(): Promise<number> {
  const t = loadTopology();
  const { file, bundle, written } = await ensureTrustBundle(t, STATE_DIR, (m) => console.error(m));
  console.log(JSON.stringify(bundle, null, 2));
  console.error(`${written ? 'wrote' : 'read'} ${file}; fingerprint (SHA-256 of its canonical JSON) ${trustBundleHash(bundle)}`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`trust-bundle failed: ${err.message}`);
      process.exit(1);
    },
  );
}
