// The firewall drivers against the real kernel: nftables and UFW inside network namespaces, probed over veth.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { FirewallDriver, FirewallPlan } from '../../src/capabilities/firewall/firewall-driver.js';
import type { CommandRunner } from '../../src/drivers/command-runner/command-runner.js';
import { createNftablesFirewall } from '../../src/drivers/nftables/nftables-firewall.js';
import { renderNftRuleset } from '../../src/drivers/nftables/nftables-ruleset.js';
import { createUfwFirewall } from '../../src/drivers/ufw/ufw-firewall.js';
import { createNetnsPair, type NetnsPair } from '../peers/netns.js';

const skip =
  process.getuid?.() !== 0 ? 'needs root: creates network namespaces (run as root, as CI does)' : false;
const TEST_TIMEOUT_MS = 30_000;

const COCKPIT = 8080;
const SERVICE = 5232;
const FOREIGN = 9999;

/** A namespace pair with listeners and a work folder, both removed when the test ends, passed or not. */
async function setUp(t: TestContext, ports: number[], options: { ufw?: boolean } = {}) {
  const workDir = await mkdtemp(path.join(tmpdir(), 'hm-fw-netns-'));
  t.after(() => rm(workDir, { recursive: true, force: true }));
  const pair = await createNetnsPair();
  t.after(() => pair.destroy());
  if (options.ufw) await pair.isolateUfw();
  await pair.listen(ports);
  return { pair, workDir };
}

function cockpitOnly(pair: NetnsPair): FirewallPlan {
  return { cockpitPort: COCKPIT, homeNetworks: [pair.network], rules: [] };
}

function withServices(pair: NetnsPair, ports: number[], sources = [pair.network]): FirewallPlan {
  return {
    ...cockpitOnly(pair),
    rules: ports.map((port) => ({ serviceId: 'radicale', port, protocol: 'tcp' as const, sources })),
  };
}

/** Probes all ports at once, so the closed ones cost one nc timeout (1 s) together. */
async function reachability(pair: NetnsPair, ports: number[]): Promise<Record<number, boolean>> {
  const results = await Promise.all(ports.map((port) => pair.isReachable(port)));
  return Object.fromEntries(ports.map((port, i) => [port, results[i] === true]));
}

async function ourTable(pair: NetnsPair): Promise<string | null> {
  const result = await pair.inFirewall.run(['nft', 'list', 'table', 'inet', 'hausmeister']);
  return result.exitCode === 0 ? result.stdout : null;
}

/** The real runner, except that `nft -f candidate.nft` reports a failure after the kernel took the file. */
function failingAfterSwap(runner: CommandRunner): CommandRunner {
  return {
    async run(argv, options) {
      const result = await runner.run(argv, options);
      const isSwap = argv[0] === 'nft' && argv[1] === '-f' && argv[2]?.endsWith('candidate.nft');
      return isSwap ? { ...result, exitCode: 1, stderr: 'simulated failure after the swap' } : result;
    },
    runChecked: (argv, options) => runner.runChecked(argv, options),
  };
}

describe('nftables firewall in a network namespace', { skip }, () => {
  it(
    'opens and closes a service port while the cockpit stays reachable',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { pair, workDir } = await setUp(t, [COCKPIT, SERVICE]);
      const driver = createNftablesFirewall({ runner: pair.inFirewall, workDir });
      assert.deepEqual(await reachability(pair, [COCKPIT, SERVICE]), { [COCKPIT]: true, [SERVICE]: true });

      assert.equal((await driver.apply(cockpitOnly(pair))).changed, true);
      assert.deepEqual(await reachability(pair, [COCKPIT, SERVICE]), { [COCKPIT]: true, [SERVICE]: false });

      const opened = await driver.apply(withServices(pair, [SERVICE]));
      assert.equal(opened.changed, true);
      assert.equal(await readFile(path.join(workDir, 'applied.nft'), 'utf8'), opened.rendered);
      assert.deepEqual(await reachability(pair, [COCKPIT, SERVICE]), { [COCKPIT]: true, [SERVICE]: true });
      assert.equal((await driver.apply(withServices(pair, [SERVICE]))).changed, false);

      await driver.apply(cockpitOnly(pair));
      assert.deepEqual(await reachability(pair, [COCKPIT, SERVICE]), { [COCKPIT]: true, [SERVICE]: false });

      // A source network the client is not in: the rule exists but does not let it in.
      await driver.apply(withServices(pair, [SERVICE], ['192.0.2.0/24']));
      assert.deepEqual(await reachability(pair, [COCKPIT, SERVICE]), { [COCKPIT]: true, [SERVICE]: false });
    },
  );

  it(
    'refuses a ruleset nft rejects and keeps the old one in force',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { pair, workDir } = await setUp(t, [COCKPIT, SERVICE]);
      // The seam: renderNftRuleset never renders a broken ruleset, so the test breaks its output on demand.
      let sabotage = false;
      const render = (plan: FirewallPlan) => {
        const text = renderNftRuleset(plan);
        return sabotage
          ? text.replace('\t\tiif lo accept', '\t\ttcp dport 70000 accept\n\t\tiif lo accept')
          : text;
      };
      const driver = createNftablesFirewall({ runner: pair.inFirewall, workDir, render });
      await driver.apply(withServices(pair, [SERVICE]));
      const before = await ourTable(pair);
      assert.ok(before?.includes('tcp dport 5232'));

      sabotage = true;
      await assert.rejects(
        driver.apply(cockpitOnly(pair)),
        (error: { reason?: string; messageKey?: string; params?: { output?: string } }) => {
          assert.equal(error.reason, 'CONFIG_INVALID');
          assert.equal(error.messageKey, 'firewall.error.invalid');
          assert.match(error.params?.output ?? '', /70000/);
          return true;
        },
      );
      assert.equal(await ourTable(pair), before);
      assert.deepEqual(await reachability(pair, [COCKPIT, SERVICE]), { [COCKPIT]: true, [SERVICE]: true });

      // applied.nft still holds the old ruleset, so asking for the old plan again changes nothing.
      sabotage = false;
      assert.equal((await driver.apply(withServices(pair, [SERVICE]))).changed, false);
    },
  );

  it(
    'restores the previous table when the swap fails after the check',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { pair, workDir } = await setUp(t, [COCKPIT, SERVICE]);
      const driver = createNftablesFirewall({ runner: pair.inFirewall, workDir });
      const failing = createNftablesFirewall({ runner: failingAfterSwap(pair.inFirewall), workDir });

      await driver.apply(withServices(pair, [SERVICE]));
      const before = await ourTable(pair);
      await assert.rejects(failing.apply(cockpitOnly(pair)), {
        reason: 'APPLY_FAILED',
        messageKey: 'firewall.error.applyFailed',
      });
      assert.equal(await ourTable(pair), before);
      assert.deepEqual(await reachability(pair, [COCKPIT, SERVICE]), { [COCKPIT]: true, [SERVICE]: true });

      // With no table before, the rollback removes ours again.
      await driver.remove();
      await assert.rejects(failing.apply(cockpitOnly(pair)), { reason: 'APPLY_FAILED' });
      assert.equal(await ourTable(pair), null);
    },
  );

  it('leaves a foreign table alone on apply and on remove', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { pair, workDir } = await setUp(t, [COCKPIT, SERVICE]);
    const foreignFile = path.join(workDir, 'foreign.nft');
    await writeFile(
      foreignFile,
      'table inet other {\n\tchain c {\n\t\ttype filter hook input priority 10;\n\t}\n}\n',
    );
    await pair.inFirewall.runChecked(['nft', '-f', foreignFile]);
    const listForeign = async () =>
      (await pair.inFirewall.runChecked(['nft', 'list', 'table', 'inet', 'other'])).stdout;
    const foreign = await listForeign();

    const driver = createNftablesFirewall({ runner: pair.inFirewall, workDir });
    await driver.apply(withServices(pair, [SERVICE]));
    assert.notEqual(await ourTable(pair), null);
    assert.equal(await listForeign(), foreign);

    await driver.remove();
    assert.equal(await ourTable(pair), null);
    assert.equal(await listForeign(), foreign);
    assert.deepEqual(await reachability(pair, [COCKPIT, SERVICE]), { [COCKPIT]: true, [SERVICE]: true });
  });
});

describe('UFW firewall in a network namespace', { skip }, () => {
  const showAdded = async (pair: NetnsPair) =>
    (await pair.inFirewall.runChecked(['ufw', 'show', 'added'])).stdout
      .split('\n')
      .filter((l) => l.startsWith('ufw '));

  it(
    'opens and closes a service port rule by rule and keeps foreign rules',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { pair, workDir } = await setUp(t, [COCKPIT, SERVICE, FOREIGN], { ufw: true });
      await pair.inFirewall.runChecked(['ufw', 'allow', `${FOREIGN}/tcp`]);
      const driver: FirewallDriver = createUfwFirewall({ runner: pair.inFirewall, workDir });
      const ports = [COCKPIT, SERVICE, FOREIGN];

      assert.equal((await driver.apply(cockpitOnly(pair))).changed, true);
      assert.deepEqual(await reachability(pair, ports), {
        [COCKPIT]: true,
        [SERVICE]: false,
        [FOREIGN]: true,
      });

      const opened = await driver.apply(withServices(pair, [SERVICE]));
      assert.equal(opened.changed, true);
      assert.match(
        opened.rendered,
        new RegExp(
          `^ufw allow proto tcp from ${pair.network} to any port ${SERVICE} comment hausmeister:radicale$`,
          'm',
        ),
      );
      assert.deepEqual(await reachability(pair, ports), {
        [COCKPIT]: true,
        [SERVICE]: true,
        [FOREIGN]: true,
      });
      assert.equal((await driver.apply(withServices(pair, [SERVICE]))).changed, false);

      await driver.apply(cockpitOnly(pair));
      assert.deepEqual(await reachability(pair, ports), {
        [COCKPIT]: true,
        [SERVICE]: false,
        [FOREIGN]: true,
      });
      assert.deepEqual(await showAdded(pair), [
        `ufw allow ${FOREIGN}/tcp`,
        `ufw allow from ${pair.network} to any port ${COCKPIT} proto tcp comment 'hausmeister:cockpit'`,
      ]);

      await driver.remove();
      assert.deepEqual(await showAdded(pair), [`ufw allow ${FOREIGN}/tcp`]);
    },
  );

  it('undoes the steps already done when one fails', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const OLD = 5234;
    const FAILS = 5233;
    const { pair, workDir } = await setUp(t, [SERVICE, OLD], { ufw: true });
    await createUfwFirewall({ runner: pair.inFirewall, workDir }).apply(withServices(pair, [OLD]));
    const before = (await showAdded(pair)).sort();

    // Steps: delete OLD, add SERVICE, add FAILS (fails) → undo: delete SERVICE, add OLD again.
    const failingRunner: CommandRunner = {
      async run(argv, options) {
        if (argv[1] === 'allow' && argv.includes(String(FAILS)))
          return {
            exitCode: 1,
            signal: null,
            stdout: '',
            stderr: 'ERROR: simulated failure',
            timedOut: false,
          };
        return pair.inFirewall.run(argv, options);
      },
      runChecked: (argv, options) => pair.inFirewall.runChecked(argv, options),
    };
    const failing = createUfwFirewall({ runner: failingRunner, workDir });
    await assert.rejects(
      failing.apply(withServices(pair, [SERVICE, FAILS])),
      (error: { reason?: string; params?: { output?: string } }) => {
        assert.equal(error.reason, 'APPLY_FAILED');
        assert.match(error.params?.output ?? '', /simulated failure/);
        return true;
      },
    );
    assert.deepEqual((await showAdded(pair)).sort(), before);
    assert.deepEqual(await reachability(pair, [SERVICE, OLD]), { [SERVICE]: false, [OLD]: true });
  });
});
