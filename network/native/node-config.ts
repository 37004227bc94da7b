// Config files the binaries read: the module's own sampleconfig with the few
// settings that cannot come from environment variables, plus our configtx.yaml.
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { configtxYaml } from '../configtx';
import type { Placement } from '../nodes';
import type { Topology } from '../topology';
import { SAMPLECONFIG_DIR } from './paths';

export function peerCoreYaml(): string {
  const doc = parseDocument(fs.readFileSync(path.join(SAMPLECONFIG_DIR, 'core.yaml'), 'utf8'));
  // No Docker here: an empty CORE_VM_ENDPOINT counts as unset, so it must be emptied in the file.
  doc.setIn(['vm', 'endpoint'], '');
  // Builders come from CORE_CHAINCODE_EXTERNALBUILDERS only.
  doc.setIn(['chaincode', 'externalBuilders'], []);
  return doc.toString();
}

/** Writes the config files; `targetDir` when they are read elsewhere (compose mounts). */
export function writeNodeConfig(t: Topology, pl: Placement, targetDir = pl.layout.config()): void {
  const dir = (...p: string[]) => {
    const d = path.join(targetDir, ...p);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  fs.writeFileSync(path.join(dir('peer'), 'core.yaml'), peerCoreYaml());
  fs.copyFileSync(path.join(SAMPLECONFIG_DIR, 'orderer.yaml'), path.join(dir('orderer'), 'orderer.yaml'));
  fs.writeFileSync(path.join(dir('configtx'), 'configtx.yaml'), configtxYaml(t, pl));
}
