// Backup benchmark: Hausmeister's backup engine next to restic, borg and duplicity on the same data in the
// same run (full, unchanged incremental, incremental after a 1 % change, full restore, verified).
// With --rounds N the whole sequence runs N times on fresh repositories, the tools taking turns in each
// round, and each figure is the median of the rounds: on a noisy machine one run decides nothing.
// Usage: npx tsx bench/backup/run.ts [--size small|full] [--tools hausmeister,restic,borg,duplicity]
//        [--work DIR] [--seed N] [--rounds N]
//        Writes bench/backup/results.json (results.small.json for --size small).
import { existsSync } from 'node:fs';
import { mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { planData, describePlan, type DataSize } from './data-plan.js';
import { generateData, mutate, type MutationSummary } from './generate.js';
import { ProgramRunner } from './program-runner.js';
import {
  computeRatios,
  combineRounds,
  formatRatioTable,
  formatStepTable,
  round,
  type StepName,
  type StepResult,
  type ToolResult,
} from './report.js';
import { createTool, isToolName, TOOL_NAMES, type ToolName } from './tools/all-tools.js';
import type { BackupTool } from './tools/backup-tool.js';
import { compareTrees, digestTree, type TreeDigest } from './tree-digest.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const PASSPHRASE = 'hausmeister benchmark passphrase';
const PAGE_CACHE_NOTE =
  'The page cache is not dropped (a container may not allow it): the data was read once before the first ' +
  'tool and was in memory for every tool alike, so the figures show CPU and write cost, not a cold disk.';

interface Subject {
  tool: BackupTool;
  result: ToolResult;
  repoDir: string;
  restoreDir: string;
}

const options = parseOptions();
const runner = new ProgramRunner();
const runDir = path.join(options.work, `run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
let subjects: Subject[] = [];
/** Each round's results, one per tool. */
const rounds: ToolResult[][] = [];
const loadAtStart = os.loadavg();
let interrupting = false;
process.once('SIGINT', () => void interrupted());

await main();

async function main(): Promise<void> {
  const plan = planData(options.seed, options.size);
  const dataDir = path.join(options.work, 'data', `seed-${options.seed}-${options.size}`);
  await mkdir(options.work, { recursive: true });
  await checkDiskSpace(plan.totalBytes, existsSync(dataDir));

  console.log(`Data: ${describePlan(plan)}\n      in ${dataDir}`);
  try {
    let last: { pristine: TreeDigest; mutated: TreeDigest; mutation: MutationSummary } | null = null;
    for (let round = 1; round <= options.rounds; round++) {
      if (options.rounds > 1) console.log(`\nRound ${round} of ${options.rounds}`);
      last = await runRound(dataDir, round);
      rounds.push(subjects.map((subject) => subject.result));
      await cleanUp();
    }
    if (last) await report(describePlan(plan), last.pristine, last.mutated, last.mutation);
  } finally {
    await cleanUp();
  }
}

/** Every tool through every step once, on the pristine data (written again, so the mutation is undone). */
async function runRound(
  dataDir: string,
  round: number,
): Promise<{ pristine: TreeDigest; mutated: TreeDigest; mutation: MutationSummary }> {
  subjects = [];
  // The tools take turns: who goes first changes from round to round.
  const order = options.tools.map((_, i) => options.tools[(i + round - 1) % options.tools.length]!);
  for (const name of order) await addSubject(name);
  const generated = await timed(() => generateData(dataDir, options.seed, options.size));
  // Reading every byte once puts the data in the page cache, so the first tool does not pay for a cold disk.
  const pristine = await digestTree(dataDir);
  console.log(
    `      ${generated.value.written} files written, ${generated.value.removed} removed in ${generated.seconds} s; ` +
      `tree sha256 ${pristine.digest}`,
  );
  if (round === 1) console.log(`\nNote: ${PAGE_CACHE_NOTE}\n`);

  for (const subject of subjects) {
    await step(subject, 'init', 0, () => subject.tool.init(subject.repoDir));
    await step(subject, 'full', pristine.bytes, () => subject.tool.backup(dataDir, 'full'));
    await step(subject, 'incremental', pristine.bytes, () => subject.tool.backup(dataDir, 'incremental'));
  }
  const mutation = await mutate(dataDir, options.seed);
  console.log(
    `Mutated: ${mutation.modified} small files edited, ${mutation.added} added, ${mutation.deleted} deleted, ` +
      `${(mutation.appendedBytes / MiB).toFixed(1)} MiB appended to ${mutation.appendedTo}`,
  );
  const mutated = await digestTree(dataDir);
  for (const subject of subjects) {
    await step(subject, 'incremental-after-mutation', mutated.bytes, () =>
      subject.tool.backup(dataDir, 'incremental-after-mutation'),
    );
  }
  for (const subject of subjects) {
    await restoreAndVerify(subject, 'restore', dataDir, mutated);
    if (subject.tool.restoreVerified) await restoreAndVerify(subject, 'restore-verify', dataDir, mutated);
  }
  return { pristine, mutated, mutation };
}

function parseOptions(): { size: DataSize; tools: ToolName[]; work: string; seed: number; rounds: number } {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'full' },
      tools: { type: 'string', default: TOOL_NAMES.join(',') },
      work: { type: 'string', default: '/var/tmp/hausmeister-bench' },
      seed: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '1' },
    },
  });
  const tools = values.tools.split(',').filter(Boolean);
  const unknown = tools.filter((name) => !isToolName(name));
  if (
    (values.size !== 'small' && values.size !== 'full') ||
    unknown.length > 0 ||
    !Number.isInteger(Number(values.seed)) ||
    !/^[1-9]$/.test(values.rounds)
  ) {
    console.error(
      `Usage: run.ts [--size small|full] [--tools ${TOOL_NAMES.join(',')}] [--work DIR] [--seed N] [--rounds 1-9]` +
        (unknown.length > 0 ? `\nUnknown tools: ${unknown.join(', ')}` : ''),
    );
    process.exit(2);
  }
  return {
    size: values.size,
    tools: tools.filter(isToolName),
    work: path.resolve(values.work),
    seed: Number(values.seed),
    rounds: Number(values.rounds),
  };
}

/**
 * The data (unless cached already), one restore at a time and a repository per tool must fit at once;
 * with compression and half of the data random, a repository takes 70–80 % of the data.
 */
async function checkDiskSpace(dataBytes: number, dataCached: boolean): Promise<void> {
  const stats = await statfs(options.work);
  const free = stats.bavail * stats.bsize;
  const needed = (dataCached ? 0 : dataBytes) + dataBytes * (1 + 0.85 * options.tools.length) + GiB / 2;
  if (free < needed) {
    console.error(
      `Not enough free disk space in ${options.work}: ${(free / GiB).toFixed(1)} GiB free, about ` +
        `${(needed / GiB).toFixed(1)} GiB needed (${dataCached ? '' : 'the data, '}one restore, a repository ` +
        'per tool). Free some space, pass --work DIR on a larger disk, or use fewer --tools or --size small.',
    );
    process.exit(1);
  }
  console.log(
    `Disk: ${(free / GiB).toFixed(1)} GiB free in ${options.work}, about ${(needed / GiB).toFixed(1)} GiB needed`,
  );
}

async function addSubject(name: ToolName): Promise<void> {
  const scratchDir = path.join(runDir, name);
  await mkdir(scratchDir, { recursive: true });
  const tool = createTool(name, { runner, scratchDir, passphrase: PASSPHRASE });
  const result: ToolResult = { name, version: null, settings: tool.settings, steps: [] };
  try {
    result.version = await tool.version();
    console.log(`${name}: ${result.version}`);
  } catch (error) {
    result.failure = `version: ${reason(error)}`;
    console.log(`${name}: failed (${reason(error)})`);
  }
  subjects.push({
    tool,
    result,
    repoDir: path.join(scratchDir, 'repo'),
    restoreDir: path.join(scratchDir, 'restore'),
  });
}

/** Runs one timed step unless the tool already failed; a failure is recorded and ends that tool's run. */
async function step(
  subject: Subject,
  name: StepName,
  bytes: number,
  action: () => Promise<void>,
): Promise<boolean> {
  const { result, tool } = subject;
  if (result.failure) {
    result.steps.push({ step: name, status: 'skipped' });
    return false;
  }
  try {
    // Writes still in flight from the previous step (or the generator) would otherwise slow this one.
    await runner.run({ argv: ['sync'] });
    runner.beginStep();
    const { seconds } = await timed(action);
    const figures: StepResult = { step: name, status: 'ok', seconds };
    // Zero means no program ran (duplicity's and our init only make a folder).
    if (runner.peakRssBytes > 0) figures.peakRssMiB = round(runner.peakRssBytes / MiB, 1);
    if (bytes > 0) figures.mibPerSecond = round(bytes / MiB / Math.max(seconds, 0.001), 1);
    if (name !== 'init' && !name.startsWith('restore'))
      figures.repoMiB = round((await tool.repoBytes()) / MiB, 1);
    result.steps.push(figures);
    console.log(
      `${tool.name.padEnd(11)} ${name.padEnd(26)} ${seconds.toFixed(2).padStart(8)} s` +
        `${figures.peakRssMiB !== undefined ? `  ${figures.peakRssMiB} MiB RSS` : ''}` +
        `${figures.repoMiB !== undefined ? `  repo ${figures.repoMiB} MiB` : ''}`,
    );
    return true;
  } catch (error) {
    result.failure = `${name}: ${reason(error)}`;
    result.steps.push({ step: name, status: 'failed', error: reason(error) });
    if (!interrupting) console.log(`${tool.name}: failed (${result.failure})`);
    return false;
  }
}

async function restoreAndVerify(
  subject: Subject,
  name: 'restore' | 'restore-verify',
  sourceDir: string,
  source: TreeDigest,
): Promise<void> {
  await rm(subject.restoreDir, { recursive: true, force: true });
  await mkdir(subject.restoreDir, { recursive: true });
  const { tool } = subject;
  // Restored bytes are the source's bytes when the restore is right, which the check below decides.
  const restored = await step(subject, name, source.bytes, () =>
    name === 'restore-verify' && tool.restoreVerified
      ? tool.restoreVerified(subject.restoreDir)
      : tool.restore(subject.restoreDir),
  );
  if (restored) {
    const root = subject.tool.restoredRoot(subject.restoreDir, sourceDir);
    const check = await digestTree(root)
      .then((digest) => compareTrees(source, digest))
      .catch((error: unknown) => ({
        firstDifference: `cannot read ${root}: ${reason(error)}`,
        mtimeMismatches: 0,
      }));
    // A second restore (restore-verify) that differs marks the tool's restore as not verified.
    if (name === 'restore' || check.firstDifference !== null)
      subject.result.restore = { verified: check.firstDifference === null, ...check };
    const mtimes = check.mtimeMismatches > 0 ? ` (${check.mtimeMismatches} files with another mtime)` : '';
    console.log(
      `${subject.tool.name.padEnd(11)} ${check.firstDifference === null ? 'restore verified' : `restore differs: ${check.firstDifference}`}${mtimes}`,
    );
  }
  // Only one restore at a time on disk.
  await rm(subject.restoreDir, { recursive: true, force: true });
}

async function timed<T>(action: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await action();
  return { value, seconds: round((performance.now() - started) / 1000, 2) };
}

/** Repositories, caches and restores go; the generated data stays for the next run. */
async function cleanUp(): Promise<void> {
  for (const subject of subjects) await subject.tool.dispose().catch(() => undefined);
  subjects = [];
  await rm(runDir, { recursive: true, force: true });
}

async function interrupted(): Promise<void> {
  interrupting = true;
  console.error('\nInterrupted: ending the running tool and removing the temp repositories.');
  runner.killAll();
  await cleanUp().catch(() => undefined);
  process.exit(130);
}

async function report(
  description: string,
  pristine: TreeDigest,
  mutated: TreeDigest,
  mutation: MutationSummary,
) {
  const tools = combineRounds(rounds, options.tools);
  const ratios = computeRatios(tools);
  console.log(`\n${formatStepTable(tools)}\n\n${formatRatioTable(tools, ratios)}\n`);
  for (const tool of tools) {
    const verdict = tool.failure
      ? `failed (${tool.failure})`
      : tool.restore?.verified
        ? 'restore verified'
        : `restore differs: ${tool.restore?.firstDifference ?? 'not checked'}`;
    console.log(`${tool.name}: ${verdict}`);
  }
  const load = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' ');
  console.log(
    `\nLoad average (1/5/15 min) at the start ${load(loadAtStart)}, at the end ${load(os.loadavg())}.`,
  );
  const results = {
    date: new Date().toISOString(),
    machine: {
      nproc: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: round(os.totalmem() / GiB, 1),
      kernel: os.release(),
      node: process.version,
      /** 1/5/15-minute load averages: other work on the machine makes the figures noisier. */
      loadAverageAtStart: loadAtStart.map((load) => round(load, 2)),
      loadAverageAtEnd: os.loadavg().map((load) => round(load, 2)),
    },
    data: {
      description,
      seed: options.seed,
      size: options.size,
      files: pristine.files,
      bytes: pristine.bytes,
      /** Over paths, sizes, mtimes and contents: the same seed and size give the same value on any machine. */
      treeSha256: pristine.digest,
      filesAfterMutation: mutated.files,
      bytesAfterMutation: mutated.bytes,
      mutation,
    },
    note: PAGE_CACHE_NOTE,
    rounds: options.rounds,
    units:
      'seconds of wall time (the median of the rounds; each round in secondsPerRound); MiB/s = source bytes (backups) or restored bytes (restore) per second; ' +
      'peak RSS = largest sum of VmRSS over the program and its children, sampled every 50 ms',
    tools,
    ratios,
  };
  const file = path.join(here, options.size === 'full' ? 'results.json' : 'results.small.json');
  await writeFile(file, await formatJson(file, results));
  console.log(`\nWrote ${path.relative(process.cwd(), file)}`);
}

/** Formatted as the repository's Prettier would, so the results file passes `prettier --check`. */
async function formatJson(file: string, value: unknown): Promise<string> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  try {
    const prettier = await import('prettier');
    return await prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
  } catch {
    return text;
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
