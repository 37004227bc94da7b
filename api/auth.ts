// API keys: each client has one secret key, stored only as its SHA-256, and
// acts on the ledger as one Fabric identity of the network, so the
// chaincode's attribute checks apply to the real caller. Org admins (role
// 'admin', the identities that change the channel and install chaincode) are
// not API clients: no key is issued for them and a key store that maps one is
// refused.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { NetworkDescription } from '../network/description';
import { orgKeyOf } from './key-files';

export interface ApiClient {
  clientId: string;
  label: string;
  mspId: string;
  identity: string;
  role: string;
  keyHash: string;
}

export interface Caller {
  clientId: string;
  mspId: string;
  identity: string;
  role: string;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** The role of an org's admin identity in network.json (topology.ts names it 'admin' too). */
export const ADMIN_ROLE = 'admin';

/** An org admin: by its role, or by the name the topology gives every org's admin. */
export const isOrgAdmin = (id: { role: string; identity: string }): boolean => id.role === ADMIN_ROLE || id.identity === ADMIN_ROLE;

export class ApiKeys {
  private readonly byHash: Map<string, ApiClient>;
  constructor(readonly clients: ApiClient[]) {
    const admins = clients.filter(isOrgAdmin);
    if (admins.length > 0) {
      const names = admins.map((c) => `${c.clientId} (${c.mspId} ${c.identity}, role ${c.role})`).join(', ');
      throw new Error(
        `API keys mapped to org admin identities are refused: ${names}. Org admins are not API clients; ` +
          'remove these entries or issue the keys again (npm start reissues them)',
      );
    }
    this.byHash = new Map(clients.map((c) => [c.keyHash, c]));
  }

  /** The key store at `file`; throws when it is missing or maps an org admin. */
  static load(file: string): ApiKeys {
    if (!fs.existsSync(file)) throw new Error(`${file} not found: run \`npm start\` to issue API keys (scripts/start.ts)`);
    const clients = (JSON.parse(fs.readFileSync(file, 'utf8')) as { clients: ApiClient[] }).clients;
    try {
      return new ApiKeys(clients);
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** The caller for a presented key, or undefined. */
  verify(key: string): Caller | undefined {
    const h = hashKey(key);
    const client = this.byHash.get(h);
    if (!client || !timingSafeEqual(Buffer.from(client.keyHash, 'hex'), Buffer.from(h, 'hex'))) return undefined;
    return { clientId: client.clientId, mspId: client.mspId, identity: client.identity, role: client.role };
  }
}

/**
 * Issues one key per client identity of the network (the demo clients; none
 * for org admins) and writes the hashed store plus, separately and readable
 * by the owner only, the clear keys for the operator to hand out.
 */
/** Keys for every client identity of the description, or of one org's (`onlyOrg`, an MSP ID) for its own API. */
export function issueKeys(
  desc: NetworkDescription,
  storeFile: string,
  credentialsFile: string,
  onlyOrg?: string,
): { clientId: string; label: string; key: string }[] {
  const issued: { clientId: string; label: string; key: string }[] = [];
  const clients: ApiClient[] = [];
  for (const org of desc.orgs.filter((o) => onlyOrg === undefined || o.mspId === onlyOrg)) {
    for (const id of org.identities.filter((i) => !isOrgAdmin({ role: i.role, identity: i.name }))) {
      const clientId = `${orgKeyOf(org.mspId)}-${id.name}`;
      const key = `nk_${randomBytes(24).toString('base64url')}`;
      clients.push({ clientId, label: `${id.name} (${id.role}) of ${org.name}`, mspId: org.mspId, identity: id.name, role: id.role, keyHash: hashKey(key) });
      issued.push({ clientId, label: `${id.name} (${id.role}) of ${org.name}`, key });
    }
  }
  fs.mkdirSync(path.dirname(storeFile), { recursive: true });
  fs.writeFileSync(storeFile, JSON.stringify({ clients }, null, 2));
  fs.writeFileSync(credentialsFile, JSON.stringify({ clients: issued }, null, 2), { mode: 0o600 });
  return issued;
}
