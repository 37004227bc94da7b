// Where the local network keeps its state: the git-ignored .fabric/ folder
// (FABRIC_STATE_DIR overrides it) and the network.json inside. Neutral: read by
// the network launcher (network/native/paths.ts), the API's configuration and the benchmarks.
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const STATE_DIR = process.env.FABRIC_STATE_DIR ?? path.join(REPO_ROOT, '.fabric');
export const NETWORK_JSON = path.join(STATE_DIR, 'network.json');
