// Walks the folders to back up and records what is there (lstat only, no content): files, folders and
// symbolic links, minus the excluded patterns. Sockets, pipes and devices are not backed up.
//
// The calls are synchronous on purpose: the scan runs in the job's own process before anything else,
// and a stat the kernel answers from its cache costs a few microseconds, less than the thread-pool
// round trip of a promise-based one. Measured on the benchmark's 20,504 entries: 0.27 s against 0.53–0.69 s
// with 32 lstat calls in flight, most of an unchanged incremental's time.
import { isUtf8 } from 'node:buffer';
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { EntryMetadata, EntryType } from '../archive/manifest.js';

export interface ScannedEntry extends EntryMetadata {
  /** Where to read the content from when it is not `path` itself (a consistent database copy). */
  readFrom?: string;
}

export interface ScanOptions {
  sources: string[];
  /** Glob patterns against absolute paths; a matching folder is skipped with everything below it. */
  excludes: string[];
  /** Absolute paths never to back up (the target folder, the job's own state), with all below them. */
  skip: string[];
}

export interface ScanResult {
  entries: ScannedEntry[];
  /** Sources that do not exist (reported, not fatal: a service may not have made its folder yet). */
  missing: string[];
  /** Paths that could not be read, with the reason. */
  unreadable: { path: string; reason: string }[];
  /**
   * Entries whose name is not UTF-8 (an old encoding such as Latin-1), shown as `ls -b` does. Manifests,
   * tar headers and restores name files by text, so these are not backed up; the run names each one.
   */
  badNames: string[];
}

export async function scanSources(options: ScanOptions): Promise<ScanResult> {
  const isExcluded = options.excludes.length ? picomatch(options.excludes, { dot: true }) : () => false;
  const skipped = (p: string) =>
    options.skip.some((s) => p === s || p.startsWith(s.endsWith('/') ? s : `${s}/`));
  const entries: ScannedEntry[] = [];
  const missing: string[] = [];
  const unreadable: ScanResult['unreadable'] = [];
  const badNames: string[] = [];
  const seen = new Set<string>();
  const problem = (file: string, error: unknown) =>
    unreadable.push({ path: file, reason: (error as NodeJS.ErrnoException).code ?? String(error) });

  const visit = (file: string, stats: Stats): void => {
    if (seen.has(file) || skipped(file) || isExcluded(file)) return;
    seen.add(file);
    const entry = toEntry(file, stats);
    if (!entry) return;
    if (entry.type === 'symlink') {
      try {
        entry.linkTarget = readlinkSync(file);
      } catch (error) {
        return void problem(file, error);
      }
    }
    entries.push(entry);
    if (entry.type !== 'dir') return;
    let names: string[];
    try {
      names = readdirSync(file);
      // Node shows bytes that are not UTF-8 as U+FFFD: only then are the names read again as bytes.
      if (names.some((name) => name.includes('\uFFFD'))) names = utf8Names(file, badNames);
    } catch (error) {
      return void problem(file, error);
    }
    for (const name of names) {
      const child = path.join(file, name);
      let childStats: Stats;
      try {
        childStats = lstatSync(child);
      } catch (error) {
        problem(child, error);
        continue;
      }
      visit(child, childStats);
    }
  };

  for (const source of options.sources.map((s) => path.resolve(s))) {
    let stats: Stats;
    try {
      stats = lstatSync(source);
    } catch {
      missing.push(source);
      continue;
    }
    visit(source, stats);
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, missing, unreadable, badNames };
}

/** The names in `folder` that are UTF-8; the others go to `badNames`. */
function utf8Names(folder: string, badNames: string[]): string[] {
  const names: string[] = [];
  for (const name of readdirSync(folder, { encoding: 'buffer' })) {
    if (isUtf8(name)) names.push(name.toString('utf8'));
    else badNames.push(path.join(folder, escapeNonUtf8(name)));
  }
  return names;
}

/** A name as `ls -b` shows it: what is UTF-8 as text, every other byte as \xNN. */
export function escapeNonUtf8(name: Buffer): string {
  let text = '';
  let i = 0;
  while (i < name.length) {
    const length = [1, 2, 3, 4].find((n) => i + n <= name.length && isUtf8(name.subarray(i, i + n)));
    if (length) {
      text += name.toString('utf8', i, i + length);
      i += length;
    } else {
      text += `\\x${(name[i] as number).toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return text;
}

function toEntry(file: string, stats: Stats): ScannedEntry | null {
  const type: EntryType | null = stats.isFile()
    ? 'file'
    : stats.isDirectory()
      ? 'dir'
      : stats.isSymbolicLink()
        ? 'symlink'
        : null;
  if (!type) return null;
  return {
    path: file,
    type,
    size: type === 'file' ? stats.size : 0,
    mode: stats.mode & 0o7777,
    uid: stats.uid,
    gid: stats.gid,
    mtimeMs: Math.trunc(stats.mtimeMs),
    ctimeMs: Math.trunc(stats.ctimeMs),
    ino: stats.ino,
  };
}
