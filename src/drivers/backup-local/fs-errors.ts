// What a file system error on the backup disk means for the user: full, read-only, denied, failing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HausmeisterError } from '../../errors.js';
import { targetUnavailable, type TargetContext } from '../backup-target-shared/target-errors.js';

export function mapFsError(error: unknown, file: string, context: TargetContext): HausmeisterError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const params = { path: file };
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return targetUnavailable({ messageKey: 'backup.target.error.targetFull', params }, context, error);
    case 'EROFS':
      return targetUnavailable({ messageKey: 'backup.target.error.readOnly', params }, context, error);
    case 'EACCES':
    case 'EPERM':
      return targetUnavailable(
        { messageKey: 'backup.target.error.permissionDenied', params },
        context,
        error,
      );
    case 'ENOENT':
      if (nameRefused(error as NodeJS.ErrnoException))
        return targetUnavailable({ messageKey: 'backup.target.error.nameRefused', params }, context, error);
    // falls through: otherwise a folder on the way is missing
    case 'ENOTDIR':
      return targetUnavailable({ messageKey: 'backup.target.error.folderMissing', params }, context, error);
    case 'EIO':
    case 'ENXIO':
    case 'ENODEV':
      // What Linux returns once a USB disk was pulled out or is failing.
      return targetUnavailable({ messageKey: 'backup.target.error.ioError', params }, context, error);
    default:
      return targetUnavailable({ messageKey: 'backup.target.error.unexpected', params }, context, error);
  }
}

/** A folder that could not be made although its parent is there: the disk refused its name (exFAT, FAT). */
function nameRefused(error: NodeJS.ErrnoException): boolean {
  return error.syscall === 'mkdir' && typeof error.path === 'string' && existsSync(path.dirname(error.path));
}
