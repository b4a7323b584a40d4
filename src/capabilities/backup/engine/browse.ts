// Lists one folder of a backup's point in time, as a file manager would: its files and subfolders, with
// the folders above the backed-up sources shown so one can walk down from `/`.
import path from 'node:path';
import type { EntryType, Manifest } from '../archive/manifest.js';

export interface BrowsedEntry {
  name: string;
  path: string;
  type: EntryType;
  size: number;
  mtimeMs: number | null;
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
