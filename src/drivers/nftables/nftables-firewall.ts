// Applies the plan with nftables: check with nft, swap our table in one transaction, put the old one back on failure.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FirewallDriver, FirewallPlan } from '../../capabilities/firewall/firewall-driver.js';
import { HausmeisterError } from '../../errors.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import type { Logger } from '../../logger.js';
import type { CommandResult, CommandRunner } from '../command-runner/command-runner.js';
import { NFT_TABLE, NFT_TABLE_REMOVAL, renderNftRuleset } from './nftables-ruleset.js';

// `inet hausmeister` as separate arguments for `nft list table` and `nft delete table`.
const TABLE_ARGS = NFT_TABLE.split(' ');

export interface NftablesFirewallOptions {
  runner: CommandRunner;
  /** Holds candidate.nft (what is being applied) and applied.nft (what the kernel last took). */
  workDir: string;
  log?: Logger;
  /**
   * What a plan becomes; renderNftRuleset unless given. The seam for tests that need a ruleset which
   * nft refuses, since renderNftRuleset never renders one.
   */
  render?: (plan: FirewallPlan) => string;
  timeoutMs?: number;
}

export function createNftablesFirewall(options: NftablesFirewallOptions): FirewallDriver {
  const { runner, workDir, log } = options;
  const render = options.render ?? renderNftRuleset;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const appliedFile = path.join(workDir, 'applied.nft');
  const candidateFile = path.join(workDir, 'candidate.nft');
  const rollbackFile = path.join(workDir, 'rollback.nft');
  // The capability queues its calls already; this keeps apply and remove from interleaving whoever calls.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };

  const nft = (...args: string[]): Promise<CommandResult> => runner.run(['nft', ...args], { timeoutMs });

  /** Our table as nft lists it (loadable again with `nft -f`), or null when it does not exist. */
  async function readOurTable(): Promise<string | null> {
    const result = await nft('list', 'table', ...TABLE_ARGS);
    if (result.exitCode === 0) return result.stdout;
    if (/No such file or directory/.test(result.stderr)) return null;
    throw new HausmeisterError('APPLY_FAILED', {
      messageKey: 'firewall.error.applyFailed',
      params: { output: outputOf(result) },
      detail: `cannot read the current nftables table: ${outputOf(result)}`,
    });
  }

  /** Puts back the table saved before the swap, or removes ours if there was none. Returns nft's error. */
  async function restore(previous: string | null): Promise<string | null> {
    await writeFileAtomic(rollbackFile, NFT_TABLE_REMOVAL + (previous ?? ''), 0o600);
    const result = await nft('-f', rollbackFile).catch((error: unknown) => errorText(error));
    if (typeof result === 'string') return result;
    return result.exitCode === 0 ? null : outputOf(result);
  }

  async function apply(plan: FirewallPlan) {
    const text = render(plan);
    const applied = await readFile(appliedFile, 'utf8').catch(() => null);
    const previous = await readOurTable();
    // The table must still be there: after a reboot applied.nft remains but the kernel has forgotten it.
    if (text === applied && previous !== null) return { changed: false, rendered: text };

    await writeFileAtomic(candidateFile, text, 0o600);
    const check = await nft('-c', '-f', candidateFile);
    if (check.exitCode !== 0) {
      throw new HausmeisterError('CONFIG_INVALID', {
        messageKey: 'firewall.error.invalid',
        params: { output: outputOf(check) },
        detail: `nft refused the ruleset, nothing was changed: ${outputOf(check)}`,
      });
    }

    const swapError = await nft('-f', candidateFile).then(
      (result) => (result.exitCode === 0 ? null : outputOf(result)),
      (error: unknown) => errorText(error),
    );
    if (swapError !== null) {
      const restoreError = await restore(previous);
      if (restoreError !== null)
        log?.error(
          { swapError, restoreError },
          'nftables apply failed and the previous table could not be restored',
        );
      throw new HausmeisterError('APPLY_FAILED', {
        messageKey: 'firewall.error.applyFailed',
        params: { output: swapError },
        detail:
          restoreError === null
            ? `nft -f failed, previous table restored: ${swapError}`
            : `nft -f failed: ${swapError}; restoring the previous table failed too: ${restoreError}`,
      });
    }

    // Only now, with the kernel holding the new table, does it count as applied.
    await writeFileAtomic(appliedFile, text, 0o600);
    log?.info({ file: candidateFile }, 'nftables ruleset applied');
    return { changed: true, rendered: text };
  }

  async function remove() {
    if ((await readOurTable()) !== null) {
      const result = await nft('delete', 'table', ...TABLE_ARGS);
      if (result.exitCode !== 0) {
        throw new HausmeisterError('APPLY_FAILED', {
          messageKey: 'firewall.error.applyFailed',
          params: { output: outputOf(result) },
          detail: `cannot delete the nftables table: ${outputOf(result)}`,
        });
      }
      log?.info('nftables table removed');
    }
    await rm(appliedFile, { force: true });
  }

  return {
    name: 'nftables',
    render,
    apply: (plan) => serialized(() => apply(plan)),
    remove: () => serialized(remove),
  };
}

/** The end of nft's message (it points at the offending line); a timeout says so. */
function outputOf(result: CommandResult): string {
  if (result.timedOut) return 'nft timed out';
  const text = (result.stderr || result.stdout).trim();
  return text.split('\n').slice(-12).join('\n') || `nft exited with ${result.exitCode ?? result.signal}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
