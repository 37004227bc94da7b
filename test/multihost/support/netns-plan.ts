// The plan of the hosts the multi-host suite makes on this machine: one Linux
// network namespace per org, each with a veth pair into one bridge in the root
// namespace, on a private /24. Pure: names, addresses and the `ip` commands,
// so it is unit-tested without root.
import type { HostPlan } from '../../../network/hosts';

export interface NetnsHost {
  orgKey: string;
  /** Host name the other orgs' nodes use (court.notary.test). */
  name: string;
  address: string;
  netns: string;
  /** The root namespace's end of the veth pair: set it down to cut the host off. */
  veth: string;
  /** The namespace's end. */
  peerVeth: string;
}

export interface NetnsPlan {
  prefix: string;
  bridge: { name: string; address: string; prefixLength: 24 };
  hosts: NetnsHost[];
}

/** Linux interface names are at most 15 bytes (IFNAMSIZ 16 with the NUL). */
const IFNAME_MAX = 15;
const PREFIX = /^[a-z][a-z0-9-]{0,7}$/;
const SUBNET = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.0\/24$/;

export interface PlanOptions {
  /** Start of every name made (namespaces, links, /etc/netns folders), so leftovers are found by it. */
  prefix: string;
  /** A private a.b.c.0/24: the bridge gets .1, the orgs .2, .3, … */
  subnet: string;
  orgKeys: string[];
  /** Domain of the org host names. */
  domain?: string;
}

export function planNetns({ prefix, subnet, orgKeys, domain = 'notary.test' }: PlanOptions): NetnsPlan {
  if (!PREFIX.test(prefix)) throw new Error(`prefix must be 1-8 of [a-z0-9-], starting with a letter: ${JSON.stringify(prefix)}`);
  const m = SUBNET.exec(subnet);
  if (!m || m.slice(1).some((o) => Number(o) > 255)) throw new Error(`subnet must be a.b.c.0/24: ${JSON.stringify(subnet)}`);
  if (orgKeys.length > 253) throw new Error('at most 253 hosts fit a /24 beside the bridge');
  const base = `${m[1]}.${m[2]}.${m[3]}`;
  const hosts = orgKeys.map((orgKey, i) => ({
    orgKey,
    name: `${orgKey}.${domain}`,
    address: `${base}.${i + 2}`,
    netns: `${prefix}${orgKey}`,
    veth: `${prefix}v${i}`,
    peerVeth: `${prefix}p${i}`,
  }));
  const bridge = { name: `${prefix}br`, address: `${base}.1`, prefixLength: 24 as const };
  for (const ifname of [bridge.name, ...hosts.flatMap((h) => [h.veth, h.peerVeth])]) {
    if (ifname.length > IFNAME_MAX) throw new Error(`interface name ${ifname} is longer than ${IFNAME_MAX} bytes`);
  }
  return { prefix, bridge, hosts };
}

/** The launcher's hosts.json (network/hosts.ts) for this plan. */
export function hostPlanOf(plan: NetnsPlan): HostPlan {
  return Object.fromEntries(plan.hosts.map((h) => [h.orgKey, { name: h.name, address: h.address, netns: h.netns }]));
}

/** `ip` argument lists that make the bridge and every host, in order. */
export function setupCommands(plan: NetnsPlan): string[][] {
  const { bridge } = plan;
  return [
    ['link', 'add', bridge.name, 'type', 'bridge'],
    ['addr', 'add', `${bridge.address}/${bridge.prefixLength}`, 'dev', bridge.name],
    ['link', 'set', bridge.name, 'up'],
    ...plan.hosts.flatMap((h) => [
      ['netns', 'add', h.netns],
      ['link', 'add', h.veth, 'type', 'veth', 'peer', 'name', h.peerVeth, 'netns', h.netns],
      ['link', 'set', h.veth, 'master', bridge.name, 'up'],
      ['-n', h.netns, 'addr', 'add', `${h.address}/${bridge.prefixLength}`, 'dev', h.peerVeth],
      ['-n', h.netns, 'link', 'set', h.peerVeth, 'up'],
      ['-n', h.netns, 'link', 'set', 'lo', 'up'],
    ]),
  ];
}

/** Whether a namespace or link name is one this prefix made (leftovers of a killed run included). */
export const ownedBy = (prefix: string, name: string): boolean => name.startsWith(prefix);
