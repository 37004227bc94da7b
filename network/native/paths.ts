// Folders of the native network, all under the git-ignored .fabric/.
import path from 'node:path';
import { NETWORK_JSON, REPO_ROOT, STATE_DIR } from '../../fabric/state-dir';
import { Layout } from '../layout';

export { NETWORK_JSON, REPO_ROOT, STATE_DIR };

export const BIN_DIR = process.env.FABRIC_BIN_DIR ?? path.join(REPO_ROOT, '.fabric', 'bin');
export const SAMPLECONFIG_DIR = path.join(REPO_ROOT, '.fabric', 'sampleconfig');
export const LOG_DIR = path.join(STATE_DIR, 'logs');
export const RUN_DIR = path.join(STATE_DIR, 'run');
export const CHAINCODE_DIR = path.join(REPO_ROOT, 'chaincode');
export const BUILDER_DIR = path.join(REPO_ROOT, 'network', 'ccaas-builder');

export const layout = new Layout(STATE_DIR);
export const bin = (name: string) => path.join(BIN_DIR, name);
