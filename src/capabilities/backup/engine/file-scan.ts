// Walks the folders to back up and records what is there (lstat only, no content): files, folders and
// symbolic links, minus the excluded patterns. Sockets, pipes and devices are not backed up.
import type { Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { EntryMetadata, EntryType } from '../archive/manifest.js';
import { mapConcurrent } from './concurrency.js';

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
}

const STAT_CONCURRENCY = 32;

export async function scanSources(options: ScanOptions): Promise<ScanResult> {
  const isExcluded = options.excludes.length ? picomatch(options.excludes, { dot: true }) : () => false;
  const skipped = (p: string) =>
    options.skip.some((s) => p === s || p.startsWith(s.endsWith('/') ? s : `${s}/`));
  const entries: ScannedEntry[] = [];
  const missing: string[] = [];
  const unreadable: ScanResult['unreadable'] = [];
  const seen = new Set<string>();

  const visit = async (file: string, stats: Stats): Promise<void> => {
    if (seen.has(file) || skipped(file) || isExcluded(file)) return;
    seen.add(file);
    const entry = toEntry(file, stats);
    if (!entry) return;
    if (entry.type === 'symlink') entry.linkTarget = await readlink(file);
    entries.push(entry);
    if (entry.type !== 'dir') return;
    let names: string[];
    try {
      names = await readdir(file);
    } catch (error) {
      unreadable.push({ path: file, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      return;
    }
    const children = await mapConcurrent(names, STAT_CONCURRENCY, async (name) => {
      const child = path.join(file, name);
      try {
        return { child, stats: await lstat(child) };
      } catch (error) {
        unreadable.push({ path: child, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
        return null;
      }
    });
    for (const found of children) if (found) await visit(found.child, found.stats);
  };

  for (const source of options.sources.map((s) => path.resolve(s))) {
    let stats: Stats;
    try {
      stats = await lstat(source);
    } catch {
      missing.push(source);
      continue;
    }
    await visit(source, stats);
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { entries, missing, unreadable };
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
