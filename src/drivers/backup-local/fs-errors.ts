// What a file system error on the backup disk means for the user: full, read-only, denied, failing.
import type { HausmeisterError } from '../../errors.js';
import { isNameRefused } from '../../files/refused-name.js';
import { targetUnavailable, type TargetContext } from '../backup-target-shared/target-errors.js';

export function mapFsError(error: unknown, file: string, context: TargetContext): HausmeisterError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const params = { path: file };
  // Only the configured folder's names are the owner's; exfat-fuse's ENOENT for one it refuses would
  // otherwise read as a missing folder.
  if ((error as NodeJS.ErrnoException | null)?.syscall === 'mkdir' && isNameRefused(error))
    return targetUnavailable({ messageKey: 'backup.target.error.nameRefused', params }, context, error);
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
