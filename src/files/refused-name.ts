// Whether a disk refused a file name, told from the error of the create or mkdir. FAT and exFAT refuse
// ':', '?', '*' and names that are not UTF-8: Linux's vfat answers EINVAL (EILSEQ for a character it
// cannot store), exfat-fuse ENOENT; any disk answers ENAMETOOLONG for a name longer than it holds.
import { existsSync } from 'node:fs';
import path from 'node:path';

const REFUSED = ['EILSEQ', 'EINVAL', 'ENAMETOOLONG'];

export function isNameRefused(error: unknown): boolean {
  const { code, path: at } = (error ?? {}) as NodeJS.ErrnoException & { path?: string | Buffer };
  if (REFUSED.includes(code ?? '')) return true;
  // ENOENT is a refused name only where the folder it was to be made in is there; otherwise a folder on
  // the way is missing.
  return code === 'ENOENT' && at !== undefined && existsSync(parentOf(at));
}

/** The folder a path is in, also for a path given as bytes (a name that is not UTF-8). */
function parentOf(at: string | Buffer): string | Buffer {
  if (typeof at === 'string') return path.dirname(at);
  const slash = at.lastIndexOf(0x2f);
  return slash > 0 ? at.subarray(0, slash) : Buffer.from('/');
}
