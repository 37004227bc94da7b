// Every identity of the network, issued by the orgs' own Fabric CAs (no
// cryptogen): node and user MSPs, TLS key pairs, and the org MSP definitions.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TlsFiles } from '../layout';
import { dialHost, tlsHosts } from '../hosts';
import { chaincodeServerHost } from '../nodes';
import { caHost, type IdentitySpec, type OrgSpec, type Topology } from '../topology';
import { run } from './exec';
import { bin, layout, STATE_DIR } from './paths';

const COMPLETE_MARKER = path.join(STATE_DIR, 'orgs', '.complete');

export const identitiesIssued = () => fs.existsSync(COMPLETE_MARKER);

/** Password of the CA's bootstrap registrar, made once per CA home. */
export function bootstrapSecret(org: OrgSpec): string {
  const file = path.join(layout.caHome(org), 'bootstrap.secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(16).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

const nodeOuConfig = `NodeOUs:
  Enable: true
  ClientOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: client }
  PeerOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: peer }
  AdminOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: admin }
  OrdererOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: orderer }
`;

const only = (dir: string) => {
  const files = fs.readdirSync(dir);
  if (files.length !== 1) throw new Error(`expected one file in ${dir}, found ${files.length}`);
  return path.join(dir, files[0]!);
};

/** Stable file names (cacerts/ca.pem, keystore/key.pem) and NodeOU roles for an enrolled MSP. */
function normaliseMsp(dir: string): void {
  fs.renameSync(only(path.join(dir, 'cacerts')), path.join(dir, 'cacerts', 'ca.pem'));
  fs.renameSync(only(path.join(dir, 'keystore')), path.join(dir, 'keystore', 'key.pem'));
  fs.writeFileSync(path.join(dir, 'config.yaml'), nodeOuConfig);
}

/** Moves a TLS enrollment into cert.pem / key.pem / ca.pem. */
function normaliseTls(enrolled: string, tls: TlsFiles): void {
  fs.mkdirSync(path.dirname(tls.cert), { recursive: true });
  fs.copyFileSync(path.join(enrolled, 'signcerts', 'cert.pem'), tls.cert);
  fs.copyFileSync(only(path.join(enrolled, 'keystore')), tls.key);
  fs.copyFileSync(only(path.join(enrolled, 'tlscacerts')), tls.ca);
  fs.chmodSync(tls.key, 0o600);
  fs.rmSync(enrolled, { recursive: true, force: true });
}

class OrgCa {
  private readonly registrarHome: string;
  constructor(private readonly org: OrgSpec) {
    this.registrarHome = layout.crypto(org, 'registrar');
  }

  private url(user: string, secret: string) {
    return `https://${user}:${secret}@${dialHost(this.org)}:${this.org.ca.port}`;
  }

  private client(args: string[]) {
    return run(bin('fabric-ca-client'), [...args, '--tls.certfiles', layout.caCert(this.org)]);
  }

  async enrollRegistrar() {
    await this.client(['enroll', '-u', this.url('registrar', bootstrapSecret(this.org)), '-H', this.registrarHome]);
  }

  async register(name: string, type: string, attributes: Record<string, string> = {}): Promise<string> {
    const secret = randomBytes(12).toString('hex');
    const attrs = Object.entries(attributes).map(([k, v]) => {
      if (/[,=:]/.test(v)) throw new Error(`attribute ${k} has a character the CA cannot carry: ${v}`);
      return `${k}=${v}:ecert`;
    });
    await this.client([
      'register',
      '-u',
      `https://${dialHost(this.org)}:${this.org.ca.port}`,
      '-H',
      this.registrarHome,
      '--id.name',
      name,
      '--id.secret',
      secret,
      '--id.type',
      type,
      ...(attrs.length ? ['--id.attrs', attrs.join(',')] : []),
    ]);
    return secret;
  }

  async enroll(name: string, secret: string, mspDir: string, hosts: string[], attrNames: string[] = []) {
    await this.client([
      'enroll',
      '-u',
      this.url(name, secret),
      '-M',
      mspDir,
      '-H',
      path.dirname(mspDir),
      '--csr.cn',
      name,
      '--csr.hosts',
      hosts.join(','),
      ...(attrNames.length ? ['--enrollment.attrs', attrNames.join(',')] : []),
    ]);
    normaliseMsp(mspDir);
  }

  async enrollTls(name: string, secret: string, tls: TlsFiles, hosts: string[]) {
    const tmp = path.join(path.dirname(tls.cert), 'enroll');
    await this.client([
      'enroll',
      '-u',
      this.url(name, secret),
      '-M',
      tmp,
      '-H',
      path.dirname(tmp),
      '--enrollment.profile',
      'tls',
      '--csr.cn',
      name,
      '--csr.hosts',
      hosts.join(','),
    ]);
    normaliseTls(tmp, tls);
  }
}

/** Issues every identity of one org from its own running CA, into its own folder. */
export async function issueOrg(org: OrgSpec): Promise<void> {
  const ca = new OrgCa(org);
  await ca.enrollRegistrar();

  for (const peer of org.peers) {
    const files = layout.peer(org, peer);
    const host = `${peer.name}.${org.domain}`;
    const secret = await ca.register(peer.name, 'peer');
    await ca.enroll(peer.name, secret, files.msp.dir, tlsHosts(org, host));
    await ca.enrollTls(peer.name, secret, files.tls, tlsHosts(org, host));
  }
  if (org.orderer) {
    const o = org.orderer;
    const files = layout.orderer(org, o);
    const host = `${o.name}.${org.domain}`;
    const secret = await ca.register(o.name, 'orderer');
    await ca.enroll(o.name, secret, files.msp.dir, tlsHosts(org, host));
    await ca.enrollTls(o.name, secret, files.tls, tlsHosts(org, host));
  }
  for (const id of org.identities) {
    await issueUser(ca, org, id);
  }
  // The chaincode server only needs a TLS key pair that the org's peers trust.
  const ccSecret = await ca.register('chaincode-server', 'client');
  await ca.enrollTls('chaincode-server', ccSecret, layout.chaincodeServerTls(org), tlsHosts(org, chaincodeServerHost(org)));

  writeOrgMsp(org);
}

async function issueUser(ca: OrgCa, org: OrgSpec, id: IdentitySpec) {
  const files = layout.user(org, id);
  const secret = await ca.register(id.name, id.type, id.attributes);
  await ca.enroll(id.name, secret, files.msp.dir, [id.name], Object.keys(id.attributes));
  if (id.type === 'admin') {
    // Admins also need a TLS client certificate for the orderers' admin endpoints.
    await ca.enrollTls(id.name, secret, files.tls, [id.name]);
  }
}

/** The org's MSP as the channel configuration carries it: root (signing and TLS) and NodeOU roles. */
function writeOrgMsp(org: OrgSpec) {
  const dir = layout.orgMsp(org);
  for (const sub of ['cacerts', 'tlscacerts']) {
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    fs.copyFileSync(layout.caCert(org), path.join(dir, sub, 'ca.pem'));
  }
  fs.writeFileSync(path.join(dir, 'config.yaml'), nodeOuConfig);
}

/** Issues every identity from the running CAs, in parallel across orgs. */
export async function issueIdentities(t: Topology, log: (msg: string) => void): Promise<void> {
  await Promise.all(
    t.orgs.map(async (org) => {
      await issueOrg(org);
      log(`identities issued by ${caHost(org)} for ${org.mspId}`);
    }),
  );
  fs.writeFileSync(COMPLETE_MARKER, new Date().toISOString());
}
