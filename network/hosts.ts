// Where each org's nodes run. By default every org shares this machine's
// loopback (nodes listen on 127.0.0.1, reach each other as 'localhost'). A host
// plan (the state folder's hosts.json) gives an org a host of its own: a name
// the other orgs' nodes use for gossip, Raft and discovery endpoints, an
// address its nodes listen on, and optionally the Linux network namespace
// standing in for that host on one machine.

export interface OrgHost {
  /** Host name the other orgs' nodes reach this org's nodes by (in endpoints and TLS certificates). */
  name: string;
  /** IPv4 address the org's nodes listen on; also in their TLS certificates. */
  address: string;
  /** Network namespace its processes start in (`ip netns exec`); none on a real host. */
  netns?: string;
}

/** What this module needs of an org (topology.ts's OrgSpec, which imports this module). */
export interface HostedOrg {
  key: string;
  domain: string;
  peers: { name: string }[];
  orderer?: { name: string };
  host?: OrgHost;
}

/** Org key → its host. Orgs not named stay on loopback. */
export type HostPlan = Record<string, OrgHost>;

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const NETNS = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** One org's host, checked: a valid host name and IPv4 address, and a namespace name if given. */
function parseOrgHost(key: string, value: unknown): OrgHost {
  const h = value as Partial<OrgHost> | null;
  if (typeof h !== 'object' || h === null) throw new Error(`host of ${key} must be an object`);
  const check = (field: string, v: unknown, ok: (x: string) => boolean) => {
    if (typeof v !== 'string' || !ok(v)) throw new Error(`host of ${key}: invalid ${field} ${JSON.stringify(v)}`);
  };
  check('name', h.name, (x) => HOST_NAME.test(x));
  check('IPv4 address', h.address, (x) => IPV4.test(x));
  if (h.netns !== undefined) check('netns', h.netns, (x) => NETNS.test(x));
  const { name, address } = h as OrgHost;
  return { name, address, ...(h.netns ? { netns: h.netns } : {}) };
}

/** Checks a host plan strictly: every entry valid, no two orgs sharing a name, an address or a namespace. */
export function parseHostPlan(raw: unknown): HostPlan {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('a host plan must be an object of org key → host');
  const plan: HostPlan = Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([key, value]) => [key, parseOrgHost(key, value)]));
  for (const field of ['name', 'address', 'netns'] as const) {
    const seen = Object.values(plan).flatMap((h) => (h[field] ? [h[field]] : []));
    const dup = seen.find((v, i) => seen.indexOf(v) !== i);
    if (dup) throw new Error(`two orgs share the host ${field} ${dup}`);
  }
  return plan;
}

/** Orgs with the host the plan gives them (if any). */
export function placeOrgs<T extends HostedOrg>(orgs: T[], plan: HostPlan): T[] {
  return orgs.map((org) => (plan[org.key] ? { ...org, host: plan[org.key] } : org));
}

/** Interface the org's nodes bind to. */
export const listenAddress = (org: HostedOrg): string => org.host?.address ?? '127.0.0.1';

/** Host the launcher, its CLIs and clients dial to reach the org's nodes: its address, or 'localhost' on one machine. */
export const dialHost = (org: HostedOrg): string => org.host?.address ?? 'localhost';

/** Host the org's nodes announce to other nodes (gossip, orderer endpoints, consenters, anchor peers). */
export const endpointHost = (org: HostedOrg): string => org.host?.name ?? 'localhost';

/** Names a node's TLS certificate carries: loopback (local use), its logical name, and its org's host. */
export function tlsHosts(org: HostedOrg, logicalHost: string): string[] {
  return ['localhost', '127.0.0.1', logicalHost, ...(org.host ? [org.host.name, org.host.address] : [])];
}

/** Every logical name of an org's nodes; a hosts file maps them to the org's host too. */
export function nodeNames(org: HostedOrg): string[] {
  return [
    `ca.${org.domain}`,
    ...org.peers.map((p) => `${p.name}.${org.domain}`),
    ...(org.orderer ? [`${org.orderer.name}.${org.domain}`] : []),
    `chaincode.${org.domain}`,
  ];
}

/** /etc/hosts content that makes every placed org's host (and its nodes' logical names) resolvable. */
export function hostsFileContent(orgs: HostedOrg[]): string {
  const lines = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback'];
  for (const org of orgs) {
    if (org.host) lines.push([org.host.address, org.host.name, ...nodeNames(org)].join(' '));
  }
  return `${lines.join('\n')}\n`;
}
