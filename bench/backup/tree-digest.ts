// Walks a folder tree and hashes it, to prove a restore gave back exactly what was backed up and that
// the generator is deterministic.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface TreeEntry {
  /** Relative path with `/` separators. */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  /** Whole seconds: what every tool keeps. */
  mtime: number;
}

export interface DigestedEntry extends TreeEntry {
  /** Hex SHA-256 of the content (files only). */
  sha256?: string;
}

export interface TreeDigest {
  entries: DigestedEntry[];
  files: number;
  bytes: number;
  /** SHA-256 over every entry's type, path, size, mtime and content hash. */
  digest: string;
}

/** Every entry below root (root itself excluded), sorted by path. */
export async function listTree(root: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  async function walk(relative: string): Promise<void> {
    const names = await readdir(path.join(root, relative));
    for (const name of names) {
      const child = relative === '' ? name : `${relative}/${name}`;
      const stats = await lstat(path.join(root, child));
      const type = stats.isFile()
        ? 'file'
        : stats.isDirectory()
          ? 'dir'
          : stats.isSymbolicLink()
            ? 'symlink'
            : 'other';
      entries.push({
        path: child,
        type,
        size: type === 'file' ? stats.size : 0,
        mtime: Math.floor(stats.mtimeMs / 1000),
      });
      if (type === 'dir') await walk(child);
    }
  }
  await walk('');
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function digestTree(root: string): Promise<TreeDigest> {
  const entries: DigestedEntry[] = await listTree(root);
  const files = entries.filter((entry) => entry.type === 'file');
  // A few reads in flight hide the per-file latency; hashing itself is the bottleneck beyond that.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const entry = files[next++]!;
      entry.sha256 = await hashFile(path.join(root, entry.path), entry.size);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const hash = createHash('sha256');
  for (const entry of entries)
    hash.update(`${entry.type} ${entry.path} ${entry.size} ${entry.mtime} ${entry.sha256 ?? '-'}\n`);
  return {
    entries,
    files: files.length,
    bytes: files.reduce((sum, entry) => sum + entry.size, 0),
    digest: hash.digest('hex'),
  };
}

async function hashFile(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size <= 1024 * 1024) return hash.update(await readFile(file)).digest('hex');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface TreeComparison {
  /** The first difference in path order, null when the file lists, sizes and contents agree. */
  firstDifference: string | null;
  /** Files whose mtime differs: reported beside the verdict, which is about content. */
  mtimeMismatches: number;
}

/** Compares a restored tree with the source: same entries, same types, sizes and SHA-256 of every file. */
export function compareTrees(source: TreeDigest, restored: TreeDigest): TreeComparison {
  const restoredByPath = new Map(restored.entries.map((entry) => [entry.path, entry]));
  let mtimeMismatches = 0;
  let firstDifference: string | null = null;
  for (const expected of source.entries) {
    const actual = restoredByPath.get(expected.path);
    restoredByPath.delete(expected.path);
    const difference = !actual
      ? `missing ${expected.type} ${expected.path}`
      : actual.type !== expected.type
        ? `${expected.path} is a ${actual.type}, expected a ${expected.type}`
        : actual.size !== expected.size
          ? `${expected.path} has ${actual.size} bytes, expected ${expected.size}`
          : actual.sha256 !== expected.sha256
            ? `${expected.path} has different content (same size)`
            : null;
    firstDifference ??= difference;
    if (actual && expected.type === 'file' && actual.mtime !== expected.mtime) mtimeMismatches++;
  }
  const extra = [...restoredByPath.keys()].sort()[0];
  if (firstDifference === null && extra !== undefined) firstDifference = `unexpected ${extra} in the restore`;
  return { firstDifference, mtimeMismatches };
}
