// Counts the Debian updates waiting to be installed, and the security fixes among them, by asking
// apt to simulate an upgrade (no root, no lock, nothing changes). It reads apt's lists as they are
// (the daily apt timer refreshes them) and keeps the answer an hour: reports and alerts look often.
import type { CommandRunner } from '../command-runner/command-runner.js';

const KEEP_MS = 60 * 60 * 1000;

export function createPendingUpdates(
  runner: CommandRunner,
): () => Promise<{ pending: number; security: number } | null> {
  let cached: { at: number; value: { pending: number; security: number } | null } | null = null;
  return async () => {
    if (cached && Date.now() - cached.at < KEEP_MS) return cached.value;
    const value = await runner
      .run(['apt-get', '-s', '-o', 'Debug::NoLocking=1', 'upgrade'], { timeoutMs: 60_000 })
      .then((result) => (result.exitCode === 0 ? countUpgrades(result.stdout) : null))
      .catch(() => null);
    cached = { at: Date.now(), value };
    return value;
  };
}

/** `Inst pkg [old] (new Debian-Security:12/stable-security [amd64])`: one line per package upgraded. */
export function countUpgrades(simulation: string): { pending: number; security: number } {
  const installs = simulation.split('\n').filter((line) => line.startsWith('Inst '));
  return { pending: installs.length, security: installs.filter((line) => /-security\b/i.test(line)).length };
}
