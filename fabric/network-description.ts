// The shape of .fabric/network.json: what any Fabric client needs to reach the
// network (documented in the README). Written by network/native/description.ts;
// read by the gateway. Neutral: imports nothing of ours.
import fs from 'node:fs';

export interface NetworkIdentity {
  name: string;
  role: string;
  attributes: Record<string, string>;
  certificate: string;
  privateKey: string;
}

export interface NetworkOrg {
  mspId: string;
  name: string;
  connectionProfile: string;
  identities: NetworkIdentity[];
}

export interface NetworkDescription {
  channel: string;
  chaincode: string;
  orgs: NetworkOrg[];
  orderers: { name: string; mspId: string; endpoint: string; tlsCACert: string }[];
}

export function readNetworkDescription(file: string): NetworkDescription {
  if (!fs.existsSync(file)) throw new Error(`${file} not found: run \`npm run network:up\` first`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as NetworkDescription;
}
