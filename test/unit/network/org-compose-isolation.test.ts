// What each org's compose file lets its containers see and reach: only its own
// folder and public material, only its own services, the other orgs by host name.
import path from 'node:path';
import { parse } from 'yaml';
import { apiHost } from '../../../network/compose/api-service';
import { PUBLIC_MOUNTS } from '../../../network/compose/mounts';
import { orgComposeYaml } from '../../../network/compose/org-file';
import { hostAddressVar, reachableHosts } from '../../../network/compose/remote-hosts';
import { composePlacement } from '../../../network/nodes';
import { foundingTopology, type OrgSpec } from '../../../network/topology';

const t = foundingTopology({});
const ROOT = composePlacement().layout.root;

type Service = { environment: Record<string, string>; volumes: string[]; extra_hosts?: string[]; hostname: string };
type Doc = { services: Record<string, Service>; volumes?: Record<string, unknown> };
const docOf = (org: OrgSpec) => parse(orgComposeYaml(t, org)) as Doc;

const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);

/** A bind mount's host path as a path from the repository root (compose resolves it from deploy/<org>/). */
const fromRepo = (org: OrgSpec, host: string) => path.posix.normalize(path.posix.join('deploy', org.key, host));

const PUBLIC = Object.values(PUBLIC_MOUNTS).map((m) => ({ host: path.posix.normalize(path.posix.join('deploy/x', m.host)), container: m.container }));

/** Why a volume entry is not allowed in `org`'s file, or undefined when it is. */
function refusal(org: OrgSpec, doc: Doc, volume: string): string | undefined {
  const [source, target, mode] = volume.split(':') as [string, string, string | undefined];
  if (!source.startsWith('.')) {
    // A named volume: declared by this file and mounted inside the org's own folder (its nodes' ledgers).
    if (!(source in (doc.volumes ?? {}))) return 'undeclared named volume';
    return under(target, `${ROOT}/orgs/${org.key}`) ? undefined : 'named volume outside the org folder';
  }
  const host = fromRepo(org, source);
  if (under(host, `.fabric/orgs/${org.key}`)) return under(target, `${ROOT}/orgs/${org.key}`) ? undefined : 'own folder mounted elsewhere';
  const pub = PUBLIC.find((m) => m.host === host && m.container === target);
  if (!pub) return 'neither the org folder nor public material';
  return mode === 'ro' ? undefined : 'public material mounted writable';
}

describe.each(t.orgs.map((org) => [org.key, org] as const))('deploy/%s/compose.yml', (_key, org) => {
  const doc = docOf(org);
  const others = t.orgs.filter((o) => o.key !== org.key);

  it("mounts only the org's own folder and read-only public material, in every volume of every service", () => {
    const volumes = Object.entries(doc.services).flatMap(([name, s]) => s.volumes.map((v) => [name, v]));
    expect(volumes.length).toBeGreaterThan(0);
    expect(volumes.map(([name, v]) => [name, v, refusal(org, doc, v!)]).filter(([, , why]) => why !== undefined)).toEqual([]);
  });

  it("names no other org's folder in any setting", () => {
    const values = Object.values(doc.services).flatMap((s) => Object.values(s.environment));
    for (const o of others) expect(values.filter((v) => v.includes(`/orgs/${o.key}`))).toEqual([]);
  });

  it("holds only the org's own services", () => {
    for (const [name, s] of Object.entries(doc.services)) {
      expect([name, name.endsWith(`.${org.domain}`), s.hostname]).toEqual([name, true, name]);
    }
    for (const o of others) expect(Object.keys(doc.services).filter((n) => n.endsWith(`.${o.domain}`))).toEqual([]);
  });

  it("reaches every other org's peers and orderer by host name, at the address set for that org's machine", () => {
    const expected = others.flatMap((o) => reachableHosts(o).map((h) => [h, hostAddressVar(o)]));
    for (const s of Object.values(doc.services).filter((x) => x.extra_hosts)) {
      expect(s.extra_hosts!.map((e) => [e.slice(0, e.indexOf(':')), /\$\{(\w+):\?/.exec(e)?.[1]])).toEqual(expected);
    }
    expect(doc.services[apiHost(org)]!.extra_hosts).toBeDefined();
  });
});

it('puts every service in exactly one org file', () => {
  const names = t.orgs.flatMap((org) => Object.keys(docOf(org).services));
  expect(new Set(names).size).toBe(names.length);
});
