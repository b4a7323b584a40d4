// Lists one folder of a backup's point in time, as a file manager would: its files and subfolders, with
// the folders above the backed-up sources shown so one can walk down from `/`. Its subfolders are listed
// along (within a budget), so the next click into one of them needs no job of its own.
import path from 'node:path';
import type { EntryType, Manifest } from '../archive/manifest.js';

export interface BrowsedEntry {
  name: string;
  path: string;
  type: EntryType;
  size: number;
  mtimeMs: number | null;
}

/** One folder of a backup, as the cockpit shows it. */
export interface BrowsedFolder {
  backupId: string;
  folder: string;
  entries: BrowsedEntry[];
}

export function browseFolder(manifest: Manifest, folder: string): BrowsedEntry[] {
  const parent = path.resolve('/', folder);
  const prefix = parent === '/' ? '/' : `${parent}/`;
  const children = new Map<string, BrowsedEntry>();
  for (const entry of manifest.entries) {
    if (!entry.path.startsWith(prefix)) continue;
    const rest = entry.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash === -1 ? rest : rest.slice(0, slash);
    if (!name) continue;
    const childPath = prefix + name;
    if (slash === -1) {
      children.set(name, {
        name,
        path: childPath,
        type: entry.type,
        size: entry.size,
        mtimeMs: entry.mtimeMs,
      });
    } else {
      const known = children.get(name);
      if (known) {
        if (known.type === 'dir') known.size += entry.size;
      } else children.set(name, { name, path: childPath, type: 'dir', size: entry.size, mtimeMs: null });
    }
  }
  return [...children.values()].sort((a, b) =>
    a.type === 'dir' && b.type !== 'dir'
      ? -1
      : b.type === 'dir' && a.type !== 'dir'
        ? 1
        : a.name.localeCompare(b.name),
  );
}

/** At most this many subfolders, and this many entries in all, are listed along with a folder. */
const AHEAD_FOLDERS = 100;
const AHEAD_ENTRIES = 5000;

/** The folder's listing, and those of its first subfolders while the budget lasts; by folder path. */
export function browseAhead(manifest: Manifest, folder: string): Record<string, BrowsedEntry[]> {
  const entries = browseFolder(manifest, folder);
  const listings: Record<string, BrowsedEntry[]> = { [path.resolve('/', folder)]: entries };
  let budget = AHEAD_ENTRIES - entries.length;
  for (const sub of entries.filter((e) => e.type === 'dir').slice(0, AHEAD_FOLDERS)) {
    const listing = browseFolder(manifest, sub.path);
    if (listing.length > budget) continue;
    listings[sub.path] = listing;
    budget -= listing.length;
  }
  return listings;
}
