// What a file system error while restoring means for the owner: the disk restored onto is full,
// read-only or not writable, or failing. Without this, such an error would read as a failure of the
// backup target. Only the calls that write the destination are wrapped: an error while reading a volume
// (a pulled USB disk, a dropped connection) stays what it is.
// A disk that cannot hold what a Linux disk holds (a FAT or exFAT USB stick: no owners, no links, no
// ':' or '?' in names, names only in UTF-16) is no reason to stop: such files are left out by name.
import { constants } from 'node:fs';
import { access, lstat } from 'node:fs/promises';
import path from 'node:path';
import { HausmeisterError, isHausmeisterError } from '../../../errors.js';
import { makeFolders } from '../../../files/make-folders.js';
import { displayName, fsPath } from '../archive/byte-names.js';

const MESSAGE_BY_CODE: Record<string, string> = {
  ENOSPC: 'backup.error.restoreNoSpace',
  EDQUOT: 'backup.error.restoreNoSpace',
  EROFS: 'backup.error.restoreReadOnly',
  EACCES: 'backup.error.restoreNotAllowed',
  EPERM: 'backup.error.restoreNotAllowed',
};

export type SkipReason = 'inUse' | 'nameNotPossible' | 'linkNotPossible';

/** What was not restored, and why; `path` as people read it. */
export interface SkippedEntry {
  path: string;
  reason: SkipReason;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code;

/** The disk cannot store this (an owner, permissions or a link on FAT or exFAT). */
export function isUnsupported(error: unknown): boolean {
  return ['EPERM', 'ENOSYS', 'ENOTSUP', 'EOPNOTSUPP'].includes(errorCode(error) ?? '');
}

/** Sets an owner or permissions where the disk can store them: false when it cannot. */
export function keepIfPossible(file: string, operation: () => void): boolean {
  try {
    operation();
    return true;
  } catch (error) {
    if (isUnsupported(error)) return false;
    throw destinationError(error, file);
  }
}

/** `mkdir -p` of a destination folder, its name as the engine keeps it (see files/make-folders.ts). */
export function makeDestinationFolders(folder: string, mode?: number): void {
  makeFolders(folder, { mode, fsName: fsPath });
}

/**
 * Fails before anything is downloaded when the folder to restore into cannot be written (a read-only
 * disk, a folder Hausmeister may not write): the nearest folder of it that exists is asked.
 */
export async function checkDestination(folder: string): Promise<void> {
  let existing = folder;
  while (existing !== path.dirname(existing) && !(await lstat(fsPath(existing)).catch(() => null)))
    existing = path.dirname(existing);
  await onDestination(folder, () => access(fsPath(existing), constants.W_OK));
}

/** Runs one operation on the restore destination `file`, turning its errors into words (sync or async). */
export function onDestination<T>(file: string, operation: () => T): T {
  try {
    const result = operation();
    if (result instanceof Promise)
      return result.catch((error: unknown) => {
        throw destinationError(error, file);
      }) as T;
    return result;
  } catch (error) {
    throw destinationError(error, file);
  }
}

export function destinationError(error: unknown, file: string): unknown {
  const code = errorCode(error);
  if (isHausmeisterError(error) || typeof code !== 'string') return error;
  return new HausmeisterError('APPLY_FAILED', {
    messageKey: MESSAGE_BY_CODE[code] ?? 'backup.error.restoreWriteFailed',
    params: { path: displayName(file), code },
    detail: String(error),
    cause: error,
  });
}
