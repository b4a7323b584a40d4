// What the benchmark needs from each backup program, and what every adapter shares.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ProgramRunner } from '../program-runner.js';

export type BackupLabel = 'full' | 'incremental' | 'incremental-after-mutation';

export interface BackupTool {
  name: string;
  /** The settings the benchmark uses, for the report ("defaults" where it changes nothing). */
  settings: string;
  version(): Promise<string>;
  init(repoDir: string): Promise<void>;
  backup(sourceDir: string, label: BackupLabel): Promise<void>;
  /** Restores the latest backup, everything, into an empty folder. */
  restore(destDir: string): Promise<void>;
  /**
   * The same restore, then every restored file checked against the repository: for tools whose plain
   * restore does not check what it wrote (ours always does).
   */
  restoreVerified?(destDir: string): Promise<void>;
  /** Bytes the repository takes (apparent size: what would travel to a remote target). */
  repoBytes(): Promise<number>;
  /** Where below destDir the restored copy of sourceDir ends up. */
  restoredRoot(destDir: string, sourceDir: string): string;
  /** Ends helpers the program left running (gpg-agent); called once at the end. */
  dispose(): Promise<void>;
}

export interface ToolContext {
  runner: ProgramRunner;
  /** A private folder for the tool's caches, keys and HOME, so nothing lands in the real ~/.cache. */
  scratchDir: string;
  /** Passphrase of the encrypted repository (the same for every tool). */
  passphrase: string;
}

/** Sum of the apparent sizes of all files below a folder. */
export async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const child = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(child);
    else total += (await lstat(child)).size;
  }
  return total;
}

/** `/var/tmp/x` restored "with its full path" below dest is `dest/var/tmp/x`. */
export function belowWithFullPath(destDir: string, sourceDir: string): string {
  return path.join(destDir, path.resolve(sourceDir).replace(/^\/+/, ''));
}

export function requireRepo(repoDir: string | undefined, tool: string): string {
  if (repoDir === undefined) throw new Error(`${tool}: init() was not called`);
  return repoDir;
}
