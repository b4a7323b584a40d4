// Walks the folders to back up and records what is there (lstat only, no content): files, folders and
// symbolic links, minus the excluded patterns. Sockets, pipes and devices are not backed up.
//
// The calls are synchronous on purpose: the scan runs in the job's own process before anything else,
// and a stat the kernel answers from its cache costs a few microseconds, less than the thread-pool
// round trip of a promise-based one. Measured on the benchmark's 20,504 entries: 0.27 s against 0.53–0.69 s
// with 32 lstat calls in flight, most of an unchanged incremental's time.
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { displayName, fsPath, nameFromBytes } from '../archive/byte-names.js';
import type { EntryMetadata, EntryType } from '../archive/manifest.js';
import { fitsTarFields, tarEntryName } from '../archive/tar-header.js';

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
   * Entries whose name is not UTF-8 (an old encoding such as Latin-1) and longer than the tar fields that
   * keep such a name's bytes (255, or 100 for a link target), shown as `ls -b` does: not backed up.
   */
  namesTooLong: string[];
}

export async function scanSources(options: ScanOptions): Promise<ScanResult> {
  const isExcluded = options.excludes.length ? picomatch(options.excludes, { dot: true }) : () => false;
  const skipped = (p: string) =>
    options.skip.some((s) => p === s || p.startsWith(s.endsWith('/') ? s : `${s}/`));
  const entries: ScannedEntry[] = [];
  const missing: string[] = [];
  const unreadable: ScanResult['unreadable'] = [];
  const namesTooLong: string[] = [];
  const seen = new Set<string>();
  const problem = (file: string, error: unknown) =>
    unreadable.push({
      path: displayName(file),
      reason: (error as NodeJS.ErrnoException).code ?? String(error),
    });

  const visit = (file: string, stats: Stats): void => {
    if (seen.has(file) || skipped(file) || isExcluded(file)) return;
    seen.add(file);
    const entry = toEntry(file, stats);
    if (!entry) return;
    if (entry.type === 'symlink') {
      try {
        entry.linkTarget = nameFromBytes(readlinkSync(fsPath(file), { encoding: 'buffer' }));
      } catch (error) {
        return void problem(file, error);
      }
    }
    if (!fitsTarFields(tarEntryName(file, entry.type === 'dir'), entry.linkTarget))
      return void namesTooLong.push(displayName(file));
    entries.push(entry);
    if (entry.type !== 'dir') return;
    let names: string[];
    try {
      names = readdirSync(fsPath(file));
      // Node shows bytes that are not UTF-8 as U+FFFD: only then are the names read again as bytes.
      if (names.some((name) => name.includes('\uFFFD')))
        names = readdirSync(fsPath(file), { encoding: 'buffer' }).map(nameFromBytes);
    } catch (error) {
      return void problem(file, error);
    }
    for (const name of names) {
      const child = path.join(file, name);
      let childStats: Stats;
      try {
        childStats = lstatSync(fsPath(child));
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
  return { entries, missing, unreadable, namesTooLong };
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
