// Writes the benchmark data set (deterministic: same seed and size, byte-identical tree) and mutates it.
// Usage: npx tsx bench/backup/generate.ts DIR [--seed N] [--size small|full] [--mutate] [--digest]
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  rmSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fileBlocks, fileContent } from './content.js';
import {
  BASE_MTIME,
  describePlan,
  MUTATION_MTIME,
  planData,
  Prng,
  TEXT_EXTENSIONS,
  VOCABULARY,
  type DataPlan,
  type DataSize,
  type PlannedFile,
} from './data-plan.js';
import { digestTree, listTree, type TreeEntry } from './tree-digest.js';

export interface GenerateOutcome {
  plan: DataPlan;
  /** Files (re)written: all of them the first time, only what a mutation touched on a later call. */
  written: number;
  removed: number;
}

/**
 * Makes `folder` hold exactly the data set of (seed, size). A file that already has its planned size and
 * mtime is kept, so a second call is cheap and also undoes an earlier mutate() (mutated files carry
 * MUTATION_MTIME, added ones are not in the plan).
 */
export async function generateData(folder: string, seed: number, size: DataSize): Promise<GenerateOutcome> {
  const plan = planData(seed, size);
  mkdirSync(folder, { recursive: true });
  const existing = new Map((await listTree(folder)).map((entry) => [entry.path, entry]));
  const plannedFolders = new Set(plan.folders);
  const plannedFiles = new Set(plan.files.map((file) => file.path));
  let removed = 0;
  // Deepest first, so a folder is empty by the time it is removed.
  for (const entry of [...existing.values()].reverse()) {
    if (
      entry.type === 'dir'
        ? plannedFolders.has(entry.path)
        : entry.type === 'file' && plannedFiles.has(entry.path)
    )
      continue;
    rmSync(path.join(folder, entry.path), { recursive: true, force: true });
    existing.delete(entry.path);
    removed++;
  }
  for (const relative of plan.folders) mkdirSync(path.join(folder, relative), { recursive: true });
  let written = 0;
  for (const file of plan.files) {
    const current = existing.get(file.path);
    if (current && current.size === file.size && current.mtime === file.mtime) continue;
    writePlannedFile(folder, seed, file);
    written++;
  }
  setFolderMtimes(folder, plan.folders, BASE_MTIME);
  return { plan, written, removed };
}

function writePlannedFile(folder: string, seed: number, file: PlannedFile): void {
  const target = path.join(folder, file.path);
  if (file.role === 'small') {
    writeFileSync(target, fileContent(seed, file.path, file.content, file.size));
  } else {
    const fd = openSync(target, 'w');
    try {
      for (const block of fileBlocks(seed, file.path, file.content, file.size)) writeSync(fd, block);
    } finally {
      closeSync(fd);
    }
  }
  utimesSync(target, file.mtime, file.mtime);
}

/** Deepest first: setting a child's mtime does not touch its parent's, but creating entries did. */
function setFolderMtimes(folder: string, folders: string[], mtime: number): void {
  const deepestFirst = [...folders].sort((a, b) => b.split('/').length - a.split('/').length);
  for (const relative of deepestFirst) utimesSync(path.join(folder, relative), mtime, mtime);
  utimesSync(folder, mtime, mtime);
}

const SMALL_MAX_BYTES = 64 * 1024;
const LARGE_APPEND_MAX_BYTES = 8 * 1024 * 1024;

export interface MutationSummary {
  modified: number;
  added: number;
  deleted: number;
  appendedBytes: number;
  appendedTo: string;
  /** Bytes written by the mutation (modified regions, appends, new files). */
  changedBytes: number;
}

/**
 * Changes about 1 % of the tree, as a day of use would: 1 % of the small files edited (half in place,
 * half grown), 0.25 % added and as many deleted, and the largest file grown by 4 % (8 MiB at most).
 * Works from what is on disk, so it needs only the seed; deterministic for the same tree and seed.
 */
export async function mutate(folder: string, seed: number): Promise<MutationSummary> {
  const random = new Prng(`${seed}:mutate`);
  const tree = await listTree(folder);
  const files = tree.filter((entry) => entry.type === 'file');
  const small = files.filter((entry) => entry.size <= SMALL_MAX_BYTES);
  const largest = files.reduce<TreeEntry | undefined>(
    (top, entry) => (top && top.size >= entry.size ? top : entry),
    undefined,
  );
  if (!largest || small.length < 400) throw new Error(`${folder} does not look like a generated data set`);

  const shuffled = shuffle(random, small);
  const modifiedCount = Math.round(small.length / 100);
  const churnCount = Math.round(small.length / 400);
  const toModify = shuffled.slice(0, modifiedCount);
  const toDelete = shuffled.slice(modifiedCount, modifiedCount + churnCount);
  const touchedFolders = new Set<string>();
  let changedBytes = 0;

  for (const [index, entry] of toModify.entries()) {
    const target = path.join(folder, entry.path);
    const data = await readFile(target);
    const kind = isTextPath(entry.path) ? 'text' : 'random';
    const source = fileContent(seed, entry.path, kind, 4096, 'mutation');
    const edit = source.subarray(0, random.int(256, Math.min(4096, data.length)));
    if (index % 2 === 0) {
      edit.copy(data, random.int(0, data.length - edit.length));
      writeFileSync(target, data);
    } else {
      writeFileSync(target, Buffer.concat([data, edit]));
    }
    changedBytes += edit.length;
    utimesSync(target, MUTATION_MTIME, MUTATION_MTIME);
  }

  const appendedBytes = Math.min(LARGE_APPEND_MAX_BYTES, Math.round(largest.size * 0.04));
  const largePath = path.join(folder, largest.path);
  for (const block of fileBlocks(seed, largest.path, 'mixed', appendedBytes, 'mutation'))
    appendFileSync(largePath, block);
  utimesSync(largePath, MUTATION_MTIME, MUTATION_MTIME);
  changedBytes += appendedBytes;

  const smallFolders = [...new Set(small.map((entry) => path.posix.dirname(entry.path)))].sort();
  for (let i = 0; i < churnCount; i++) {
    const kind = i % 2 === 0 ? 'text' : 'random';
    const extension = kind === 'text' ? 'txt' : 'bin';
    const relative = `${random.pick(smallFolders)}/new-${random.pick(VOCABULARY)}-${i}.${extension}`;
    const content = fileContent(seed, relative, kind, random.logInt(1024, SMALL_MAX_BYTES), 'mutation');
    writeFileSync(path.join(folder, relative), content);
    utimesSync(path.join(folder, relative), MUTATION_MTIME, MUTATION_MTIME);
    touchedFolders.add(path.posix.dirname(relative));
    changedBytes += content.length;
  }
  for (const entry of toDelete) {
    rmSync(path.join(folder, entry.path));
    touchedFolders.add(path.posix.dirname(entry.path));
  }
  for (const relative of touchedFolders)
    utimesSync(path.join(folder, relative), MUTATION_MTIME, MUTATION_MTIME);

  return {
    modified: toModify.length,
    added: churnCount,
    deleted: toDelete.length,
    appendedBytes,
    appendedTo: largest.path,
    changedBytes,
  };
}

function isTextPath(relative: string): boolean {
  return TEXT_EXTENSIONS.includes(path.posix.extname(relative).slice(1));
}

/** Fisher–Yates over a copy. */
function shuffle<T>(random: Prng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: 'string', default: '1' },
      size: { type: 'string', default: 'small' },
      mutate: { type: 'boolean', default: false },
      digest: { type: 'boolean', default: false },
    },
  });
  const folder = positionals[0];
  const size = values.size;
  if (!folder || (size !== 'small' && size !== 'full')) {
    console.error('Usage: generate.ts DIR [--seed N] [--size small|full] [--mutate] [--digest]');
    process.exit(2);
  }
  const seed = Number(values.seed);
  const started = performance.now();
  const outcome = await generateData(path.resolve(folder), seed, size);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${describePlan(outcome.plan)}\nwritten ${outcome.written}, removed ${outcome.removed} in ${seconds} s`,
  );
  if (values.mutate) console.log('mutated:', await mutate(path.resolve(folder), seed));
  if (values.digest) console.log('tree sha256:', (await digestTree(path.resolve(folder))).digest);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
