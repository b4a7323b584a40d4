// `mkdir -p` without Node's recursive mkdir: Node 20's spins forever, sync and async alike, where a disk
// answers ENOENT for a name it refuses (exfat-fuse does, for ':' and '?' on a USB stick). Here such a
// folder fails with that ENOENT.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface MakeFoldersOptions {
  mode?: number;
  /** What to hand node:fs for a name (its bytes, where the name is not UTF-8). */
  fsName?: (name: string) => string | Buffer;
}

export function makeFolders(
  folder: string,
  { mode, fsName = (name) => name }: MakeFoldersOptions = {},
): void {
  const missing: string[] = [];
  for (let at = folder; !existsSync(fsName(at)) && at !== path.dirname(at); at = path.dirname(at))
    missing.push(at);
  for (const at of missing.reverse())
    try {
      mkdirSync(fsName(at), { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
}
