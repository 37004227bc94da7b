// An organisation's card: everything other orgs need to let it into the
// channel, and nothing secret. The org writes it from its own folder; the
// channel's genesis block (and, later, a configuration update adding an org)
// is built from cards alone, so no org ever needs another org's folder.
import { X509Certificate } from 'node:crypto';

export const ORG_CARD_FORMAT = 'notary-org-card/1';

export interface OrgCard {
  format: typeof ORG_CARD_FORMAT;
  mspId: string;
  name: string;
  /** The org's root CA certificate (PEM): its MSP root and its TLS root. */
  rootCert: string;
  tlsRootCert: string;
  /** The org admin's certificate (PEM): whose signatures on configuration updates speak for the org. */
  adminCert: string;
  anchorPeers: { host: string; port: number }[];
  /** Raft orderer nodes the org runs, with the TLS certificate the consenter set names. */
  orderers: { name: string; host: string; port: number; tlsCert: string }[];
}

/** The NodeOU roles every org's MSP uses (client, peer, admin, orderer issued by its root). */
export const NODE_OU_CONFIG = `NodeOUs:
  Enable: true
  ClientOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: client }
  PeerOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: peer }
  AdminOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: admin }
  OrdererOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: orderer }
`;

class CardError extends Error {}

const fail = (field: string, why: string): never => {
  throw new CardError(`org card: ${field} ${why}`);
};

function text(v: unknown, field: string, pattern?: RegExp): string {
  if (typeof v !== 'string' || v.length === 0) return fail(field, 'must be a non-empty string');
  if (pattern && !pattern.test(v)) return fail(field, `must match ${pattern}`);
  return v;
}

function certificate(v: unknown, field: string): string {
  const pem = text(v, field);
  try {
    new X509Certificate(pem);
  } catch (e) {
    fail(field, `is not a PEM certificate (${(e as Error).message})`);
  }
  return pem;
}

const port = (v: unknown, field: string): number =>
  Number.isInteger(v) && (v as number) > 0 && (v as number) < 65536 ? (v as number) : fail(field, 'must be a port');

function list<T>(v: unknown, field: string, item: (x: Record<string, unknown>, f: string) => T): T[] {
  if (!Array.isArray(v)) return fail(field, 'must be an array');
  return v.map((x, i) => (x && typeof x === 'object' ? item(x as Record<string, unknown>, `${field}[${i}]`) : fail(`${field}[${i}]`, 'must be an object')));
}

/** A card as another org receives it: every field checked, unknown fields and anything private refused. */
export function parseOrgCard(input: unknown): OrgCard {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return fail('', 'must be a JSON object');
  if (JSON.stringify(input).includes('PRIVATE KEY')) fail('', 'holds a private key: a card carries public material only');
  const c = input as Record<string, unknown>;
  const known = ['format', 'mspId', 'name', 'rootCert', 'tlsRootCert', 'adminCert', 'anchorPeers', 'orderers'];
  for (const k of Object.keys(c)) if (!known.includes(k)) fail(k, 'is not a field of an org card');
  if (c.format !== ORG_CARD_FORMAT) fail('format', `must be ${ORG_CARD_FORMAT}`);
  const rootCert = certificate(c.rootCert, 'rootCert');
  const adminCert = certificate(c.adminCert, 'adminCert');
  if (!new X509Certificate(adminCert).checkIssued(new X509Certificate(rootCert))) fail('adminCert', 'is not issued by rootCert');
  return {
    format: ORG_CARD_FORMAT,
    mspId: text(c.mspId, 'mspId', /^[A-Za-z0-9]+MSP$/),
    name: text(c.name, 'name'),
    rootCert,
    tlsRootCert: certificate(c.tlsRootCert, 'tlsRootCert'),
    adminCert,
    anchorPeers: list(c.anchorPeers, 'anchorPeers', (x, f) => ({ host: text(x.host, `${f}.host`), port: port(x.port, `${f}.port`) })),
    orderers: list(c.orderers, 'orderers', (x, f) => ({
      name: text(x.name, `${f}.name`, /^[a-z0-9-]+$/),
      host: text(x.host, `${f}.host`),
      port: port(x.port, `${f}.port`),
      tlsCert: certificate(x.tlsCert, `${f}.tlsCert`),
    })),
  };
}
