// The whole daemon inside a network namespace with the nftables firewall for real: starting Radicale
// through the API opens its port to the home network, stopping it closes the port again.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually } from '../harness/test-hausmeister.js';
import { createNetnsPair, type NetnsPair } from '../peers/netns.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const COCKPIT_PORT = 8080;
const RADICALE_PORT = 5232;
const STRAY_PORT = 9999;

// Runs fetch inside the namespace: the daemon's loopback is the namespace's own.
const FETCH_SCRIPT = `
let input = '';
process.stdin.on('data', (c) => (input += c)).on('end', async () => {
  const { url, method, headers, body } = JSON.parse(input);
  try {
    const r = await fetch(url, { method, headers, body });
    console.log(JSON.stringify({ status: r.status, text: await r.text() }));
  } catch (e) { console.log(JSON.stringify({ status: 0, text: String(e) })); }
});`;

const skip =
  process.getuid?.() !== 0
    ? 'needs root for network namespaces'
    : !existsSync('/usr/sbin/nft') || !existsSync('/usr/bin/radicale')
      ? 'needs nftables and radicale'
      : false;

describe('the daemon with nftables in a network namespace', { skip }, () => {
  let pair: NetnsPair;
  let daemon: ChildProcess;
  let dataDir: string;
  let token = '';
  let output = '';

  const request = async (method: string, route: string, body?: unknown) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const result = await pair.inFirewall.runChecked([process.execPath, '-e', FETCH_SCRIPT], {
      input: JSON.stringify({
        url: `http://127.0.0.1:${COCKPIT_PORT}${route}`,
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    });
    const { status, text } = JSON.parse(result.stdout) as { status: number; text: string };
    return { status, body: text ? JSON.parse(text) : null };
  };
  const ruleset = async () =>
    (await pair.inFirewall.run(['nft', 'list', 'table', 'inet', 'hausmeister'])).stdout;

  before(async () => {
    pair = await createNetnsPair();
    dataDir = await mkdtemp(path.join(tmpdir(), 'hausmeister-netns-'));
    daemon = spawn(
      'ip',
      [
        'netns',
        'exec',
        pair.firewallNs,
        process.execPath,
        '--import',
        'tsx',
        path.join(projectRoot, 'src/daemon/main.ts'),
      ],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          HAUSMEISTER_DATA_DIR: dataDir,
          HAUSMEISTER_HOST: '0.0.0.0',
          HAUSMEISTER_PORT: String(COCKPIT_PORT),
          HAUSMEISTER_FIREWALL: 'nftables',
          HAUSMEISTER_HOME_NETWORKS: pair.network,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    daemon.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    daemon.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    await eventually(
      async () => (await request('GET', '/api/v1/session')).status === 200,
      30_000,
      `the daemon to answer:\n${output}`,
    );
    assert.equal(
      (await request('POST', '/api/v1/setup', { username: 'owner', password: 'correct horse battery' }))
        .status,
      200,
    );
    token = (await readFile(path.join(dataDir, 'cli-token'), 'utf8')).trim();
    // Something listening on a port no service declared: the firewall must keep it shut.
    await pair.listen([STRAY_PORT]);
  });

  after(async () => {
    if (daemon && daemon.exitCode === null) {
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill('SIGTERM');
      await exited;
    }
    await pair?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('lets the home network reach the cockpit, and nothing else', async () => {
    assert.equal(await pair.isReachable(COCKPIT_PORT), true);
    assert.equal(await pair.isReachable(STRAY_PORT), false);
    assert.doesNotMatch(await ruleset(), new RegExp(`dport ${RADICALE_PORT}`));
  });

  it('opens the port when Radicale starts', async () => {
    const started = await request('POST', '/api/v1/services/radicale/start?wait=true');
    assert.equal(started.body.state, 'running', JSON.stringify(started.body));
    await eventually(
      async () => (await ruleset()).includes(`dport ${RADICALE_PORT}`),
      10_000,
      'the rule for Radicale',
    );
    assert.match(
      await ruleset(),
      new RegExp(`ip saddr ${pair.network.replace(/\./g, '\\.')} tcp dport ${RADICALE_PORT} accept`),
    );
    assert.equal(await pair.isReachable(RADICALE_PORT), true);
    assert.equal(await pair.isReachable(STRAY_PORT), false);
    const firewall = await request('GET', '/api/v1/firewall');
    assert.equal(firewall.body.driver, 'nftables');
    assert.equal(firewall.body.error, null);
  });

  it('closes it when Radicale stops, and keeps the cockpit reachable', async () => {
    const stopped = await request('POST', '/api/v1/services/radicale/stop?wait=true');
    assert.equal(stopped.body.state, 'stopped');
    await eventually(
      async () => !(await ruleset()).includes(`dport ${RADICALE_PORT}`),
      10_000,
      'the rule to go',
    );
    assert.equal(await pair.isReachable(RADICALE_PORT), false);
    assert.equal(await pair.isReachable(COCKPIT_PORT), true);
  });
});
