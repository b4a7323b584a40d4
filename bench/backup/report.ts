// The backup benchmark's figures: what is recorded per tool and step, the printed tables, the ratios.
export const STEPS = [
  'init',
  'full',
  'incremental',
  'incremental-after-mutation',
  'restore',
  'restore-verify',
] as const;
export type StepName = (typeof STEPS)[number];

export interface StepResult {
  step: StepName;
  status: 'ok' | 'failed' | 'skipped';
  error?: string;
  seconds?: number;
  /** With several rounds: each round's time; `seconds` is their median. */
  secondsPerRound?: number[];
  /** Source bytes (backups) or restored bytes (restore) per wall-clock second, in MiB/s. */
  mibPerSecond?: number;
  /** Peak of the summed RSS of the program and its children. */
  peakRssMiB?: number;
  /** Repository size after the step (backups only). */
  repoMiB?: number;
}

export interface RestoreCheck {
  verified: boolean;
  firstDifference: string | null;
  mtimeMismatches: number;
}

export interface ToolResult {
  name: string;
  version: string | null;
  settings: string;
  /** Set when a step failed: that step and the reason; later steps are skipped. */
  failure?: string;
  steps: StepResult[];
  restore?: RestoreCheck;
}

export interface Ratio {
  peer: string;
  step: StepName;
  /** ours ÷ peer; below 1 means ours is faster, leaner or smaller. */
  time: number | null;
  peakRss: number | null;
  repoSize: number | null;
}

const OURS = 'hausmeister';
/** Ours checks every restored file against its SHA-256 in every restore: its plain one is the match. */
const OURS_FOR_STEP: Partial<Record<StepName, StepName>> = { 'restore-verify': 'restore' };

export function computeRatios(tools: ToolResult[]): Ratio[] {
  const ours = tools.find((tool) => tool.name === OURS);
  if (!ours) return [];
  const ratios: Ratio[] = [];
  for (const peer of tools.filter((tool) => tool.name !== OURS)) {
    // init is bookkeeping (a key derivation, a folder): a ratio of it says nothing.
    for (const step of STEPS.filter((name) => name !== 'init')) {
      const oursStep = OURS_FOR_STEP[step] ?? step;
      const a = ours.steps.find((result) => result.step === oursStep && result.status === 'ok');
      const b = peer.steps.find((result) => result.step === step && result.status === 'ok');
      if (!a || !b) continue;
      ratios.push({
        peer: peer.name,
        step,
        time: divide(a.seconds, b.seconds),
        peakRss: divide(a.peakRssMiB, b.peakRssMiB),
        repoSize: divide(a.repoMiB, b.repoMiB),
      });
    }
  }
  return ratios;
}

/**
 * One result per tool out of the rounds: each step's median time (with every round's), the highest
 * peak RSS, the repository size; a step that failed in any round counts as failed.
 */
export function combineRounds(rounds: ToolResult[][], names: readonly string[]): ToolResult[] {
  return names.flatMap((name) => {
    const runs = rounds.flatMap((round) => round.filter((tool) => tool.name === name));
    const [first] = runs;
    if (!first || runs.length === 1) return runs;
    const steps = first.steps.map((result): StepResult => {
      const same = runs.map((run) => run.steps.find((other) => other.step === result.step));
      const ok = same.filter((other): other is StepResult => other?.status === 'ok');
      if (ok.length < runs.length) return same.find((other) => other && other.status !== 'ok') ?? result;
      const times = ok.map((other) => other.seconds ?? 0);
      const seconds = median(times);
      const mib = result.mibPerSecond === undefined ? undefined : result.mibPerSecond * (result.seconds ?? 0);
      const rss = ok.flatMap((other) => (other.peakRssMiB === undefined ? [] : [other.peakRssMiB]));
      return {
        ...result,
        seconds,
        secondsPerRound: times,
        ...(mib === undefined ? {} : { mibPerSecond: round(mib / Math.max(seconds, 0.001), 1) }),
        ...(rss.length > 0 ? { peakRssMiB: Math.max(...rss) } : {}),
      };
    });
    const failure = runs.find((run) => run.failure)?.failure;
    const restore = runs.find((run) => !run.restore?.verified)?.restore ?? first.restore;
    return [{ ...first, steps, ...(failure ? { failure } : {}), ...(restore ? { restore } : {}) }];
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : round((sorted[middle - 1]! + sorted[middle]!) / 2, 2);
}

function divide(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined || b === 0 ? null : round(a / b, 2);
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function formatStepTable(tools: ToolResult[]): string {
  const rows: string[][] = [['tool', 'step', 'time s', 'MiB/s', 'peak RSS MiB', 'repo MiB', 'note']];
  // With several rounds the note shows each round's time beside the median.
  for (const tool of tools) {
    if (!tool.steps.some((result) => result.status !== 'skipped')) {
      rows.push([tool.name, '—', '—', '—', '—', '—', `failed: ${tool.failure ?? 'no step ran'}`]);
      continue;
    }
    for (const result of tool.steps) {
      rows.push([
        tool.name,
        result.step,
        show(result.seconds, 2),
        show(result.mibPerSecond, 1),
        show(result.peakRssMiB, 1),
        show(result.repoMiB, 1),
        result.status === 'ok'
          ? result.secondsPerRound
            ? `rounds: ${result.secondsPerRound.map((seconds) => seconds.toFixed(2)).join(' ')}`
            : ''
          : result.status === 'failed'
            ? `failed: ${result.error ?? ''}`
            : 'skipped',
      ]);
    }
  }
  return formatTable(rows);
}

export function formatRatioTable(tools: ToolResult[], ratios: Ratio[]): string {
  const ours = tools.find((tool) => tool.name === OURS);
  if (!ours) return 'No ratios: hausmeister was not among the tools.';
  if (ratios.length === 0)
    return `No ratios: hausmeister ${ours.failure ? `failed (${ours.failure})` : 'has no figures'}.`;
  const rows = [['step', 'peer', 'time ours÷peer', 'peak RSS ours÷peer', 'repo ours÷peer']];
  for (const ratio of ratios) {
    rows.push([ratio.step, ratio.peer, show(ratio.time, 2), show(ratio.peakRss, 2), show(ratio.repoSize, 2)]);
  }
  return formatTable(rows);
}

function show(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

/** Left-aligned text, right-aligned numbers, the note column unpadded. */
function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row, index) =>
      row
        .map((cell, column) => {
          if (column === row.length - 1 && rows[0]![column] === 'note') return cell;
          const numeric = index > 0 && /^[\d.—]+$/.test(cell);
          return numeric ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
