// SQLite databases cannot be copied file by file while they are in use (WAL mode): each one is copied
// through SQLite's online backup into the job's folder, and the backup stores that consistent copy under
// the database's own path. Its -wal and -shm companions are left out.
import Database from 'better-sqlite3';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ScannedEntry } from './file-scan.js';

export interface DatabaseSnapshots {
  /** Glob patterns for the companions that must not be backed up. */
  excluded: string[];
  /** Points the scanned entries of the databases at their copies. */
  substitute(entries: ScannedEntry[]): Promise<ScannedEntry[]>;
  remove(): Promise<void>;
}

export async function snapshotDatabases(databases: string[], dir: string): Promise<DatabaseSnapshots> {
  const copies = new Map<string, string>();
  if (databases.length > 0) await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [i, file] of databases.entries()) {
    const copy = path.join(dir, `${i}-${path.basename(file)}`);
    const db = new Database(file, { fileMustExist: true });
    try {
      await db.backup(copy);
    } finally {
      db.close();
    }
    copies.set(file, copy);
  }
  return {
    excluded: databases.flatMap((file) => [`${file}-wal`, `${file}-shm`, `${file}-journal`]),
    async substitute(entries) {
      return Promise.all(
        entries.map(async (entry) => {
          const copy = copies.get(entry.path);
          if (!copy || entry.type !== 'file') return entry;
          const copied = await stat(copy);
          return { ...entry, size: copied.size, mtimeMs: Math.trunc(copied.mtimeMs), readFrom: copy };
        }),
      );
    },
    async remove() {
      if (copies.size > 0) await rm(dir, { recursive: true, force: true });
    },
  };
}
