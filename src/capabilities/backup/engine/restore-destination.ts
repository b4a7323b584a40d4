// What a file system error while restoring means for the owner: the disk restored onto is full,
// read-only or not writable, or failing. Without this, such an error would read as a failure of the
// backup target. Only the calls that write the destination are wrapped: an error while reading a volume
// (a pulled USB disk, a dropped connection) stays what it is.
import { constants } from 'node:fs';
import { access, lstat } from 'node:fs/promises';
import path from 'node:path';
import { HausmeisterError, isHausmeisterError } from '../../../errors.js';
import { displayName, fsPath } from '../archive/byte-names.js';

const MESSAGE_BY_CODE: Record<string, string> = {
  ENOSPC: 'backup.error.restoreNoSpace',
  EDQUOT: 'backup.error.restoreNoSpace',
  EROFS: 'backup.error.restoreReadOnly',
  EACCES: 'backup.error.restoreNotAllowed',
  EPERM: 'backup.error.restoreNotAllowed',
};

/**
 * Fails before anything is read when the folder to restore into cannot be written: its nearest folder
 * that exists is checked, since a recursive mkdir on a read-only disk reports only ENOENT.
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

function destinationError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (isHausmeisterError(error) || typeof code !== 'string') return error;
  return new HausmeisterError('APPLY_FAILED', {
    messageKey: MESSAGE_BY_CODE[code] ?? 'backup.error.restoreWriteFailed',
    params: { path: displayName(file), code },
    detail: String(error),
    cause: error,
  });
}
