// Golden files for the nftables ruleset, each also checked by nft itself in a user namespace (no root).
// Regenerate the expected outputs with UPDATE_GOLDEN=1 and review the diff.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FirewallPlan } from '../../capabilities/firewall/firewall-driver.js';
import { isHausmeisterError } from '../../errors.js';
import { createCommandRunner } from '../command-runner/command-runner.js';
import { createOffFirewall } from '../firewall-off/off-firewall.js';
import { renderNftRuleset } from './nftables-ruleset.js';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const SEPARATOR = '\n----------\n';
const updateGolden = process.env.UPDATE_GOLDEN === '1';

const goldenFiles = (await readdir(GOLDEN_DIR)).filter((name) => name.endsWith('.golden')).sort();

const basePlan: FirewallPlan = {
  cockpitPort: 8080,
  homeNetworks: ['192.168.1.0/24'],
  rules: [{ serviceId: 'radicale', port: 5232, protocol: 'tcp', sources: ['192.168.1.0/24'] }],
};

describe('renderNftRuleset', () => {
  let scratch = '';
  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'hm-nft-golden-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  for (const name of goldenFiles) {
    it(`renders ${name} and nft accepts it`, async () => {
      const file = path.join(GOLDEN_DIR, name);
      const [planText, expected, ...extra] = (await readFile(file, 'utf8')).split(SEPARATOR);
      assert.ok(
        planText !== undefined && expected !== undefined && extra.length === 0,
        `${name}: one separator`,
      );
      const rendered = renderNftRuleset(JSON.parse(planText) as FirewallPlan);
      if (updateGolden) await writeFile(file, `${planText}${SEPARATOR}${rendered}`);
      else assert.equal(rendered, expected);

      // The real checker, in a fresh user + network namespace: needs no root and never sees the host's rules.
      const candidate = path.join(scratch, name.replace(/\.golden$/, '.nft'));
      await writeFile(candidate, rendered);
      const check = await createCommandRunner().run(['unshare', '-rn', 'nft', '-c', '-f', candidate], {
        timeoutMs: 10_000,
      });
      assert.equal(check.exitCode, 0, `nft refused ${name}:\n${check.stderr}`);
    });
  }

  it('renders the same plan byte-identical whatever the order of its parts', () => {
    const plan: FirewallPlan = {
      cockpitPort: 8080,
      homeNetworks: ['fe80::/10', '10.0.0.0/8', '192.168.1.0/24'],
      rules: [
        { serviceId: 'samba', port: 445, protocol: 'tcp', sources: ['192.168.1.0/24', '10.0.0.0/8'] },
        { serviceId: 'radicale', port: 5232, protocol: 'tcp', sources: [] },
        { serviceId: 'samba', port: 137, protocol: 'udp', sources: ['10.0.0.0/8'] },
      ],
    };
    const shuffled: FirewallPlan = {
      cockpitPort: 8080,
      homeNetworks: [...plan.homeNetworks].reverse(),
      rules: [...plan.rules].reverse().map((rule) => ({ ...rule, sources: [...rule.sources].reverse() })),
    };
    assert.equal(renderNftRuleset(shuffled), renderNftRuleset(plan));
  });

  const badPlans: [string, FirewallPlan, string][] = [
    ['port 0', { ...basePlan, rules: [{ ...firstRule(), port: 0 }] }, 'rules[0].port'],
    ['port 65536', { ...basePlan, rules: [{ ...firstRule(), port: 65536 }] }, 'rules[0].port'],
    ['cockpit port 1.5', { ...basePlan, cockpitPort: 1.5 }, 'cockpitPort'],
    [
      'CIDR 10.0.0.300/8',
      { ...basePlan, rules: [{ ...firstRule(), sources: ['10.0.0.300/8'] }] },
      'rules[0].sources[0]',
    ],
    ['prefix /33', { ...basePlan, homeNetworks: ['10.0.0.0/33'] }, 'homeNetworks[0]'],
    ['IPv6 zone id', { ...basePlan, homeNetworks: ['fe80::1%eth0/64'] }, 'homeNetworks[0]'],
    [
      'a set injected as network',
      { ...basePlan, homeNetworks: ['10.0.0.0/8 } accept #'] },
      'homeNetworks[0]',
    ],
    [
      'protocol icmp',
      { ...basePlan, rules: [{ ...firstRule(), protocol: 'icmp' as 'tcp' }] },
      'rules[0].protocol',
    ],
    [
      'quote in service id',
      { ...basePlan, rules: [{ ...firstRule(), serviceId: 'a" accept' }] },
      'rules[0].serviceId',
    ],
  ];
  for (const [what, plan, field] of badPlans) {
    it(`refuses a plan with ${what} and renders nothing`, () => {
      let rendered: string | undefined;
      assert.throws(
        () => {
          rendered = renderNftRuleset(plan);
        },
        (error: unknown) =>
          isHausmeisterError(error) &&
          error.reason === 'CONFIG_INVALID' &&
          error.messageKey === 'firewall.error.invalidPlan' &&
          error.params.field === field,
      );
      assert.equal(rendered, undefined);
    });
  }
});

describe('off firewall', () => {
  it('touches nothing but shows the ruleset it would apply', async () => {
    const driver = createOffFirewall();
    const first = await driver.apply(basePlan);
    assert.deepEqual(first, { changed: true, rendered: renderNftRuleset(basePlan) });
    assert.equal((await driver.apply(basePlan)).changed, false);
    assert.equal((await driver.apply({ ...basePlan, rules: [] })).changed, true);
    await assert.rejects(driver.apply({ ...basePlan, cockpitPort: 0 }), { reason: 'CONFIG_INVALID' });
  });
});

function firstRule(): FirewallPlan['rules'][number] {
  const rule = basePlan.rules[0];
  if (!rule) throw new Error('basePlan needs a rule');
  return rule;
}
