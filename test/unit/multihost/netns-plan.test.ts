import { hostPlanOf, ownedBy, planNetns, setupCommands } from '../../multihost/support/netns-plan';

const keys = ['court', 'housingbureau', 'lawfirma', 'lawfirmb'];

describe("the multi-host suite's namespace plan", () => {
  const plan = planNetns({ prefix: 'nh-', subnet: '10.88.0.0/24', orgKeys: keys });

  it('gives each org a namespace, an address after the bridge, a host name and short link names', () => {
    expect(plan.bridge).toEqual({ name: 'nh-br', address: '10.88.0.1', prefixLength: 24 });
    expect(plan.hosts[1]).toEqual({
      orgKey: 'housingbureau',
      name: 'housingbureau.notary.test',
      address: '10.88.0.3',
      netns: 'nh-housingbureau',
      veth: 'nh-v1',
      peerVeth: 'nh-p1',
    });
    expect(plan.hosts.map((h) => h.address)).toEqual(['10.88.0.2', '10.88.0.3', '10.88.0.4', '10.88.0.5']);
    expect(hostPlanOf(plan).lawfirmb).toEqual({ name: 'lawfirmb.notary.test', address: '10.88.0.5', netns: 'nh-lawfirmb' });
  });

  it('makes the bridge first, then each host: namespace, veth pair into the bridge, address, links up', () => {
    const cmds = setupCommands(plan).map((c) => c.join(' '));
    expect(cmds.slice(0, 3)).toEqual(['link add nh-br type bridge', 'addr add 10.88.0.1/24 dev nh-br', 'link set nh-br up']);
    expect(cmds.slice(3, 9)).toEqual([
      'netns add nh-court',
      'link add nh-v0 type veth peer name nh-p0 netns nh-court',
      'link set nh-v0 master nh-br up',
      '-n nh-court addr add 10.88.0.2/24 dev nh-p0',
      '-n nh-court link set nh-p0 up',
      '-n nh-court link set lo up',
    ]);
    expect(cmds).toHaveLength(3 + 6 * keys.length);
  });

  it('refuses a prefix, subnet or size that would make bad names or addresses', () => {
    expect(() => planNetns({ prefix: 'Bad prefix', subnet: '10.88.0.0/24', orgKeys: keys })).toThrow(/prefix/);
    expect(() => planNetns({ prefix: 'nh-', subnet: '10.88.0.0/16', orgKeys: keys })).toThrow(/subnet/);
    expect(() => planNetns({ prefix: 'nh-', subnet: '10.300.0.0/24', orgKeys: keys })).toThrow(/subnet/);
    expect(() => planNetns({ prefix: 'longpfx-', subnet: '10.88.0.0/24', orgKeys: Array.from({ length: 200 }, (_, i) => `o${i}`) })).not.toThrow();
    expect(() => planNetns({ prefix: 'nh-', subnet: '10.88.0.0/24', orgKeys: Array.from({ length: 254 }, (_, i) => `o${i}`) })).toThrow(/253/);
  });

  it('recognises only names with its prefix as its own', () => {
    expect(ownedBy('nh-', 'nh-court')).toBe(true);
    expect(ownedBy('nh-', 'eth0')).toBe(false);
    expect(ownedBy('nh-', 'xnh-court')).toBe(false);
  });
});
