// Two network namespaces joined by a veth pair: a firewall side with TCP listeners, a client side that probes.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { createCommandRunner, type CommandRunner } from '../../src/drivers/command-runner/command-runner.js';

export interface NetnsPair {
  /** `hm-fw-<random>`: where the firewall under test and the listeners live. */
  readonly firewallNs: string;
  /** `hm-cl-<random>`: where the probes come from. */
  readonly clientNs: string;
  readonly firewallAddress: string;
  readonly clientAddress: string;
  /** The /24 both ends are on, e.g. `10.99.17.0/24`. */
  readonly network: string;
  /** Runs programs inside the firewall namespace. */
  readonly inFirewall: CommandRunner;
  /** Starts one TCP listener (a small node server) in the firewall namespace and waits until all ports listen. */
  listen(ports: readonly number[]): Promise<void>;
  /** Whether a TCP connection from the client namespace to the firewall side's port succeeds within 1 s. */
  isReachable(port: number): Promise<boolean>;
  /** Gives UFW in the firewall namespace its own /etc/ufw and /etc/default, copies of the host's. */
  isolateUfw(): Promise<void>;
  /** Kills the namespaces' processes and deletes the namespaces and their /etc/netns folders. Idempotent. */
  destroy(): Promise<void>;
}

const NETNS_ETC = '/etc/netns';
const COMMAND_TIMEOUT_MS = 10_000;
const LISTENER_READY_TIMEOUT_MS = 10_000;

// Prints `ready` once every port given as an argument listens; each connection is accepted and closed.
const LISTENER_SCRIPT = `
const net = require('node:net');
const ports = process.argv.slice(1).map(Number);
let listening = 0;
for (const port of ports)
  net.createServer((socket) => socket.end()).listen(port, '0.0.0.0', () => {
    if (++listening === ports.length) console.log('ready');
  });
`;

/** Creates the pair; on a failure half-way, removes what was already created before throwing. */
export async function createNetnsPair(): Promise<NetnsPair> {
  // Random names and subnet, so parallel runs (and a run after a crashed one) never meet.
  const id = randomBytes(4).toString('hex');
  const subnet = randomInt(1, 255);
  const firewallNs = `hm-fw-${id}`;
  const clientNs = `hm-cl-${id}`;
  const host = createCommandRunner({ defaultTimeoutMs: COMMAND_TIMEOUT_MS });
  const inFirewall = createCommandRunner({
    prefix: ['ip', 'netns', 'exec', firewallNs],
    defaultTimeoutMs: COMMAND_TIMEOUT_MS,
  });
  const inClient = createCommandRunner({
    prefix: ['ip', 'netns', 'exec', clientNs],
    defaultTimeoutMs: COMMAND_TIMEOUT_MS,
  });
  const firewallAddress = `10.99.${subnet}.1`;
  const clientAddress = `10.99.${subnet}.2`;
  const listeners: ChildProcess[] = [];
  const created: string[] = [];

  async function destroy(): Promise<void> {
    const errors: unknown[] = [];
    for (const child of listeners.splice(0)) child.kill('SIGKILL');
    for (const ns of created.splice(0).reverse()) {
      try {
        const pids = await host.run(['ip', 'netns', 'pids', ns]);
        for (const pid of pids.stdout.split('\n').filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
        await host.runChecked(['ip', 'netns', 'del', ns]);
      } catch (error) {
        errors.push(error);
      }
      await rm(path.join(NETNS_ETC, ns), { recursive: true, force: true }).catch((error) =>
        errors.push(error),
      );
    }
    // /etc/netns did not exist before the tests; leave it only while another run still uses it.
    await rmdir(NETNS_ETC).catch(() => undefined);
    if (errors.length > 0) throw new AggregateError(errors, 'netns cleanup failed');
  }

  try {
    for (const ns of [firewallNs, clientNs]) {
      await host.runChecked(['ip', 'netns', 'add', ns]);
      created.push(ns);
    }
    // Made inside the namespaces, so the veth ends never appear on the host, and their names cannot clash.
    await host.runChecked([
      'ip',
      '-n',
      firewallNs,
      'link',
      'add',
      'veth-fw',
      'type',
      'veth',
      'peer',
      'name',
      'veth-cl',
      'netns',
      clientNs,
    ]);
    await host.runChecked(['ip', '-n', firewallNs, 'addr', 'add', `${firewallAddress}/24`, 'dev', 'veth-fw']);
    await host.runChecked(['ip', '-n', clientNs, 'addr', 'add', `${clientAddress}/24`, 'dev', 'veth-cl']);
    for (const [ns, dev] of [
      [firewallNs, 'veth-fw'],
      [clientNs, 'veth-cl'],
    ] as const) {
      await host.runChecked(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
      await host.runChecked(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    }
  } catch (error) {
    await destroy().catch(() => undefined);
    throw error;
  }

  return {
    firewallNs,
    clientNs,
    firewallAddress,
    clientAddress,
    network: `10.99.${subnet}.0/24`,
    inFirewall,
    destroy,

    async listen(ports) {
      // `ip netns exec` execs the program, so the child's pid is the listener's own and can be killed.
      const child = spawn(
        'ip',
        ['netns', 'exec', firewallNs, process.execPath, '-e', LISTENER_SCRIPT, ...ports.map(String)],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      listeners.push(child);
      await new Promise<void>((resolve, reject) => {
        let stderr = '';
        const timer = setTimeout(
          () => fail(new Error(`listener not ready after ${LISTENER_READY_TIMEOUT_MS} ms`)),
          LISTENER_READY_TIMEOUT_MS,
        );
        const fail = (error: Error) => {
          clearTimeout(timer);
          reject(error);
        };
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          if (chunk.includes('ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('error', fail);
        child.on('exit', (code) => fail(new Error(`listener exited with ${code}: ${stderr}`)));
      });
    },

    async isReachable(port) {
      const result = await inClient.run(['nc', '-z', '-w', '1', firewallAddress, String(port)], {
        timeoutMs: 5_000,
      });
      return result.exitCode === 0;
    },

    async isolateUfw() {
      // ip netns exec bind-mounts /etc/netns/<ns>/<name> over /etc/<name>: UFW keeps its state in /etc/ufw,
      // and `ufw default` writes /etc/default/ufw; both would otherwise be the host's files.
      const etc = path.join(NETNS_ETC, firewallNs);
      await mkdir(etc, { recursive: true });
      await host.runChecked(['cp', '-a', '/etc/ufw', path.join(etc, 'ufw')]);
      await host.runChecked(['cp', '-a', '/etc/default', path.join(etc, 'default')]);
    },
  };
}
