// Folders of the native network, all under the git-ignored .fabric/.
import path from 'node:path';
import { Layout } from '../layout';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const STATE_DIR = process.env.FABRIC_STATE_DIR ?? path.join(REPO_ROOT, '.fabric');
export const BIN_DIR = process.env.FABRIC_BIN_DIR ?? path.join(REPO_ROOT, '.fabric', 'bin');
export const SAMPLECONFIG_DIR = path.join(REPO_ROOT, '.fabric', 'sampleconfig');
export const LOG_DIR = path.join(STATE_DIR, 'logs');
export const RUN_DIR = path.join(STATE_DIR, 'run');
export const CHAINCODE_DIR = path.join(REPO_ROOT, 'chaincode');
export const BUILDER_DIR = path.join(REPO_ROOT, 'network', 'ccaas-builder');
export const NETWORK_JSON = path.join(STATE_DIR, 'network.json');

export const layout = new Layout(STATE_DIR);
export const bin = (name: string) => path.join(BIN_DIR, name);
