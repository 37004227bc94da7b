// Each organisation's state lives in its own folder, .fabric/orgs/<org>/, and
// holds no other org's secret: every private key there belongs to a certificate
// issued by that folder's own CA. What orgs exchange is public: their cards,
// from which the channel's genesis block was built.
import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseOrgCard } from '../../network/org-card';
import { Layout } from '../../network/layout';
import { REPO_ROOT, STATE_DIR } from '../../network/native/paths';
import { foundingTopology, loadTopology } from '../../network/topology';

const t = loadTopology();
const layout = new Layout(STATE_DIR);
const ORGS_DIR = path.join(STATE_DIR, 'orgs');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return e.isFile() ? [p] : [];
  });
}

const pemBlocks = (text: string, label: string): string[] => text.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`, 'g')) ?? [];
const spki = (k: KeyObject) => (k.type === 'public' ? k : createPublicKey(k)).export({ type: 'spki', format: 'der' }).toString('base64');

/** PKCS#8, or SEC1 under a PKCS#8 label (the CA's Idemix revocation key is written so). */
function privateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
    return createPrivateKey({ key: der, format: 'der', type: 'sec1' });
  }
}

/** Every PEM private key and every certificate under `dir` (ledger files are not read: they hold neither). */
function material(dir: string): { keys: { file: string; key: KeyObject }[]; certs: X509Certificate[] } {
  const keys: { file: string; key: KeyObject }[] = [];
  const certs: X509Certificate[] = [];
  for (const file of walk(dir).filter((f) => !f.includes(`${path.sep}data${path.sep}`))) {
    // JSON files (cards, connection profiles) hold PEM with escaped line breaks.
    const text = fs.readFileSync(file, 'latin1').replace(/\\n/g, '\n');
    for (const pem of pemBlocks(text, 'PRIVATE KEY').concat(pemBlocks(text, 'EC PRIVATE KEY'))) keys.push({ file, key: privateKey(pem) });
    // The CA's database holds the certificates it issued in rows of its own format; the same ones are in the folder.
    if (!file.endsWith('.db')) for (const pem of pemBlocks(text, 'CERTIFICATE')) certs.push(new X509Certificate(pem));
  }
  return { keys, certs };
}

describe("organisations' own folders", () => {
  it('every private key in an org folder belongs to a certificate issued by that folder’s own CA', () => {
    expect(
      fs
        .readdirSync(ORGS_DIR)
        .filter((d) => !d.startsWith('.'))
        .sort(),
    ).toEqual(t.orgs.map((o) => o.key).sort());
    for (const org of t.orgs) {
      const root = new X509Certificate(fs.readFileSync(layout.caCert(org)));
      const { keys, certs } = material(layout.org(org));
      expect(keys.length).toBeGreaterThanOrEqual(org.peers.length + org.identities.length);
      const own = certs.filter((c) => c.raw.equals(root.raw) || (c.checkIssued(root) && c.verify(root.publicKey)));
      // The CA's Idemix revocation key pairs with the public key the CA publishes beside its root, not with a certificate.
      const revocation = createPublicKey(fs.readFileSync(path.join(layout.caHome(org), 'IssuerRevocationPublicKey')));
      const ownKeys = new Set([...own.map((c) => spki(c.publicKey)), spki(revocation)]);
      const foreign = keys.filter((k) => !ownKeys.has(spki(k.key))).map((k) => path.relative(STATE_DIR, k.file));
      expect({ org: org.key, foreign }).toEqual({ org: org.key, foreign: [] });
    }
  });

  it('no private key lies outside the org folders (binaries aside)', () => {
    const outside = fs
      .readdirSync(STATE_DIR, { withFileTypes: true })
      .filter((e) => !['orgs', 'bin'].includes(e.name))
      .flatMap((e) => (e.isDirectory() ? walk(path.join(STATE_DIR, e.name)) : [path.join(STATE_DIR, e.name)]))
      .filter((f) => fs.statSync(f).size < 50_000_000 && fs.readFileSync(f, 'latin1').includes('PRIVATE KEY'));
    expect(outside.map((f) => path.relative(STATE_DIR, f))).toEqual([]);
  });

  it("each org's card is public, checked, and matches its folder; the genesis block holds exactly the cards' roots", () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(STATE_DIR, 'trust-bundle.json'), 'utf8')) as {
      orgs: { mspId: string; rootCertSha256: string[] }[];
    };
    for (const org of t.orgs) {
      const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'scripts', 'org-card.ts'), org.key], {
        cwd: REPO_ROOT,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }).toString();
      expect(out).not.toMatch(/PRIVATE KEY/);
      const card = parseOrgCard(JSON.parse(out));
      expect(card.mspId).toBe(org.mspId);
      expect(card.rootCert).toBe(fs.readFileSync(layout.caCert(org), 'utf8'));
      expect(card.orderers.map((o) => o.name)).toEqual(org.orderer ? [org.orderer.name] : []);
      const rootSha = createHash('sha256').update(new X509Certificate(card.rootCert).raw).digest('hex');
      // An org added at run time (npm run org:add) is not in the genesis block: its root reaches verifiers through
      // the signed configuration update that added it, not through the bundle.
      const founding = foundingTopology().orgs.some((o) => o.mspId === org.mspId);
      expect(bundle.orgs.find((o) => o.mspId === org.mspId)?.rootCertSha256).toEqual(founding ? [rootSha] : undefined);
    }
    expect(bundle.orgs.map((o) => o.mspId).sort()).toEqual(
      foundingTopology()
        .orgs.map((o) => o.mspId)
        .sort(),
    );
  });

  it('a card carrying a private key, or an admin certificate of another CA, is refused', () => {
    const [a, b] = t.orgs.map((o) => parseOrgCard(JSON.parse(fs.readFileSync(layout.org(o, 'card.json'), 'utf8'))));
    const key = fs.readFileSync(layout.user(t.orgs[0]!, 'admin').msp.key, 'utf8');
    expect(() => parseOrgCard({ ...a, adminKey: key })).toThrow(/holds a private key/);
    expect(() => parseOrgCard({ ...a, adminCert: b!.adminCert })).toThrow(/adminCert is not issued by rootCert/);
    expect(() => parseOrgCard({ ...a, extra: 1 })).toThrow(/extra is not a field of an org card/);
  });
});
