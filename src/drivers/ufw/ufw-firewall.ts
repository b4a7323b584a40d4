// Applies the plan through UFW rule by rule, touching only the rules tagged `hausmeister:<serviceId>`.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { FirewallDriver, FirewallPlan, Protocol } from '../../capabilities/firewall/firewall-driver.js';
import { HausmeisterError } from '../../errors.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import type { Logger } from '../../logger.js';
import type { CommandResult, CommandRunner } from '../command-runner/command-runner.js';
import { checkFirewallPlan, COCKPIT_TAG, parseNetwork } from '../../capabilities/firewall/firewall-plan.js';

/** One `ufw allow proto <protocol> from <from> to any port <port> comment <tag>` rule. */
export interface UfwRule {
  protocol: Protocol;
  /** A canonical CIDR, or `any`. */
  from: string;
  port: number;
  tag: string;
}

export interface UfwFirewallOptions {
  runner: CommandRunner;
  /** Holds applied.ufw, the commands of the last plan UFW took (for the log and `doctor`). */
  workDir: string;
  log?: Logger;
  timeoutMs?: number;
}

interface Step {
  args: string[];
  /** What puts the host back as it was before this step; null when the step has nothing to undo. */
  undo: string[] | null;
}

const OUR_TAG = /^hausmeister:[a-z][a-z0-9-]{0,31}$/;
// The two forms `ufw show added` prints our rules in (it writes `from any` rules as `<port>/<proto>`).
const FROM_NETWORK = /^ufw allow from (\S+) to any port (\d{1,5}) proto (tcp|udp)(?: comment '([^']*)')?$/;
const FROM_ANYWHERE = /^ufw allow (\d{1,5})\/(tcp|udp)(?: comment '([^']*)')?$/;
const POLICIES = new Set(['allow', 'deny', 'reject']);

export function createUfwFirewall(options: UfwFirewallOptions): FirewallDriver {
  const { runner, log } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const appliedFile = path.join(options.workDir, 'applied.ufw');
  // The capability queues its calls already; this keeps apply and remove from interleaving whoever calls.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };

  const ufw = (args: readonly string[]): Promise<CommandResult> =>
    runner.run(['ufw', ...args], { timeoutMs });

  async function ufwChecked(args: readonly string[]): Promise<string> {
    const result = await ufw(args);
    if (result.exitCode !== 0) throw failed(`ufw ${args.join(' ')}`, outputOf(result));
    return result.stdout;
  }

  /** Runs the steps in order; on a failure undoes the ones done, newest first, and throws APPLY_FAILED. */
  async function runSteps(steps: readonly Step[]): Promise<void> {
    const done: Step[] = [];
    for (const step of steps) {
      const error = await ufw(step.args).then(
        (result) => (result.exitCode === 0 ? null : outputOf(result)),
        (thrown: unknown) => (thrown instanceof Error ? thrown.message : String(thrown)),
      );
      if (error === null) {
        done.push(step);
        continue;
      }
      const undoErrors: string[] = [];
      for (const { undo } of done.reverse()) {
        if (!undo) continue;
        const result = await ufw(undo).catch(() => null);
        if (result?.exitCode !== 0)
          undoErrors.push(`ufw ${undo.join(' ')}: ${result ? outputOf(result) : 'not run'}`);
      }
      if (undoErrors.length > 0)
        log?.error({ error, undoErrors }, 'ufw apply failed and could not be fully undone');
      throw new HausmeisterError('APPLY_FAILED', {
        messageKey: 'firewall.error.applyFailed',
        params: { output: error },
        detail:
          `ufw ${step.args.join(' ')} failed: ${error}; ` +
          (undoErrors.length === 0
            ? `the ${done.length} step(s) before it were undone`
            : `undoing the steps before it failed too: ${undoErrors.join('; ')}`),
      });
    }
  }

  async function apply(plan: FirewallPlan) {
    const rendered = renderUfwCommands(plan);
    const wanted = wantedUfwRules(plan);
    const current = parseUfwAdded(await ufwChecked(['show', 'added']));
    for (const line of current.unreadable)
      log?.warn({ line }, 'ufw rule with our tag left alone: cannot read it');
    const status = parseUfwStatus(await ufwChecked(['status', 'verbose']));

    const wantedKeys = new Set(wanted.map(ruleKey));
    const currentKeys = new Set(current.ours.map(ruleKey));
    // A foreign rule with the same spec already opens the port; re-adding it would only steal its comment.
    const missing = wanted.filter(
      (r) => !currentKeys.has(ruleKey(r)) && !current.foreignSpecs.has(specKey(r)),
    );
    // Deletes first: UFW matches a delete by spec, so one after an add of the same spec would remove it.
    const steps: Step[] = [
      ...current.ours.filter((r) => !wantedKeys.has(ruleKey(r))).map(deleteStep),
      ...missing.map(addStep),
      // After the adds, so the cockpit's rule is in place before the deny policy takes effect.
      ...policySteps(status),
    ];
    if (steps.length === 0) return { changed: false, rendered };

    await runSteps(steps);
    await writeFileAtomic(appliedFile, rendered, 0o600);
    log?.info({ steps: steps.length }, 'ufw rules applied');
    return { changed: true, rendered };
  }

  async function remove() {
    const current = parseUfwAdded(await ufwChecked(['show', 'added']));
    await runSteps(current.ours.map(deleteStep));
    await rm(appliedFile, { force: true });
    if (current.ours.length > 0) log?.info({ rules: current.ours.length }, 'ufw rules removed');
  }

  return {
    name: 'ufw',
    render: renderUfwCommands,
    apply: (plan) => serialized(() => apply(plan)),
    remove: () => serialized(remove),
  };
}

/** The commands a plan needs on a UFW without any of our rules, for the UI's preview. */
export function renderUfwCommands(plan: FirewallPlan): string {
  const lines = wantedUfwRules(plan).map((rule) => ['ufw', 'allow', ...specArgs(rule)].join(' '));
  return [...lines, 'ufw default deny incoming', 'ufw --force enable', ''].join('\n');
}

/** The rules a plan asks for, the cockpit's first, one per spec (UFW keeps one rule per spec). */
export function wantedUfwRules(plan: FirewallPlan): UfwRule[] {
  const checked = checkFirewallPlan(plan);
  const rules: UfwRule[] = [
    ...checked.homeNetworks.map((network): UfwRule => ({
      protocol: 'tcp',
      from: network.cidr,
      port: checked.cockpitPort,
      tag: COCKPIT_TAG,
    })),
    ...checked.rules.flatMap((rule) =>
      (rule.sources.length === 0 ? ['any'] : rule.sources.map((s) => s.cidr)).map((from): UfwRule => ({
        protocol: rule.protocol,
        from,
        port: rule.port,
        tag: rule.tag,
      })),
    ),
  ];
  const bySpec = new Map<string, UfwRule>();
  for (const rule of rules) if (!bySpec.has(specKey(rule))) bySpec.set(specKey(rule), rule);
  return [...bySpec.values()];
}

/**
 * Reads `ufw show added`: our tagged rules (every value checked again before it reaches an argv), the
 * specs of everyone else's rules, and tagged lines it cannot read (left alone).
 */
export function parseUfwAdded(output: string): {
  ours: UfwRule[];
  foreignSpecs: Set<string>;
  unreadable: string[];
} {
  const ours: UfwRule[] = [];
  const foreignSpecs = new Set<string>();
  const unreadable: string[] = [];
  for (const line of output.split('\n').map((l) => l.trim())) {
    if (!line.startsWith('ufw ')) continue;
    const rule = parseAddedLine(line);
    const tagged = line.includes("comment 'hausmeister:");
    if (rule && OUR_TAG.test(rule.tag)) ours.push(rule);
    else if (rule && !tagged) foreignSpecs.add(specKey(rule));
    else if (tagged) unreadable.push(line);
  }
  return { ours, foreignSpecs, unreadable };
}

function parseAddedLine(line: string): UfwRule | null {
  const network = FROM_NETWORK.exec(line);
  const anywhere = network ? null : FROM_ANYWHERE.exec(line);
  const fromText = network ? network[1] : 'any';
  const portText = network ? network[2] : anywhere?.[1];
  const protocol = (network ? network[3] : anywhere?.[2]) as Protocol | undefined;
  const tag = (network ? network[4] : anywhere?.[3]) ?? '';
  const port = Number(portText);
  if (!protocol || !fromText || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  const from = fromText === 'any' ? 'any' : parseNetwork(fromText)?.cidr;
  return from ? { protocol, from, port, tag } : null;
}

export function parseUfwStatus(output: string): { active: boolean; defaultIncoming: string | null } {
  return {
    active: /^Status: active$/m.test(output),
    defaultIncoming: /^Default: (\w+) \(incoming\)/m.exec(output)?.[1] ?? null,
  };
}

/** Deny by default and enable, only where needed: each enable or policy change reloads all of UFW. */
function policySteps(status: { active: boolean; defaultIncoming: string | null }): Step[] {
  if (!status.active) {
    // While UFW is off its policy changes nothing on the host, so there is nothing to undo.
    return [
      { args: ['default', 'deny', 'incoming'], undo: null },
      { args: ['--force', 'enable'], undo: ['--force', 'disable'] },
    ];
  }
  if (status.defaultIncoming === 'deny') return [];
  const previous = status.defaultIncoming;
  return [
    {
      args: ['default', 'deny', 'incoming'],
      undo: previous && POLICIES.has(previous) ? ['default', previous, 'incoming'] : null,
    },
  ];
}

function specArgs(rule: UfwRule): string[] {
  return [
    'proto',
    rule.protocol,
    'from',
    rule.from,
    'to',
    'any',
    'port',
    String(rule.port),
    'comment',
    rule.tag,
  ];
}

const addStep = (rule: UfwRule): Step => ({
  args: ['allow', ...specArgs(rule)],
  undo: ['delete', 'allow', ...specArgs(rule)],
});

const deleteStep = (rule: UfwRule): Step => ({
  args: ['delete', 'allow', ...specArgs(rule)],
  undo: ['allow', ...specArgs(rule)],
});

function specKey(rule: UfwRule): string {
  return `${rule.protocol} ${rule.from} ${rule.port}`;
}

function ruleKey(rule: UfwRule): string {
  return `${specKey(rule)} ${rule.tag}`;
}

function outputOf(result: CommandResult): string {
  if (result.timedOut) return 'ufw timed out';
  const text = (result.stderr || result.stdout).trim();
  return text.split('\n').slice(-5).join('\n') || `ufw exited with ${result.exitCode ?? result.signal}`;
}

function failed(what: string, output: string): HausmeisterError {
  return new HausmeisterError('APPLY_FAILED', {
    messageKey: 'firewall.error.applyFailed',
    params: { output },
    detail: `${what} failed: ${output}`,
  });
}
