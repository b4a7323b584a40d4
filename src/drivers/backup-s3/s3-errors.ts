// What an S3 error means for the user: wrong keys, missing bucket, denied, full, network trouble.
import type { HausmeisterError } from '../../errors.js';
import {
  asTargetError,
  networkMessage,
  targetUnavailable,
  type TargetContext,
} from '../backup-target-shared/target-errors.js';

export function mapS3Error(error: unknown, context: TargetContext, bucket: string): HausmeisterError {
  return asTargetError(error, () => {
    const name = s3ErrorName(error);
    const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
    switch (name) {
      case 'NoSuchBucket':
        return targetUnavailable(
          { messageKey: 'backup.target.error.bucketMissing', params: { bucket } },
          context,
          error,
        );
      case 'InvalidAccessKeyId':
      case 'SignatureDoesNotMatch':
      case 'InvalidToken':
      case 'ExpiredToken':
        return targetUnavailable({ messageKey: 'backup.target.error.loginFailed' }, context, error);
      case 'AccessDenied':
      case 'AllAccessDisabled':
        return targetUnavailable({ messageKey: 'backup.target.error.permissionDenied' }, context, error);
      // Not AWS itself (which has no quota), but what S3-compatible stores send when their disk is full.
      case 'QuotaExceeded':
      case 'XMinioStorageFull':
      case 'InsufficientStorage':
      case 'EntityTooLarge':
        return targetUnavailable({ messageKey: 'backup.target.error.targetFull' }, context, error);
      case 'RequestTimeout':
        return targetUnavailable({ messageKey: 'backup.target.error.timeout' }, context, error);
    }
    const network = networkMessage(error);
    if (network) return targetUnavailable(network, context, error);
    if (status === 403)
      return targetUnavailable({ messageKey: 'backup.target.error.permissionDenied' }, context, error);
    if (status === 507)
      return targetUnavailable({ messageKey: 'backup.target.error.targetFull' }, context, error);
    return targetUnavailable({ messageKey: 'backup.target.error.unexpected' }, context, error);
  });
}

/** The S3 error code (`NoSuchKey`); the SDK puts it in `name`, and in `Code` for some operations. */
export function s3ErrorName(error: unknown): string {
  const value = error as { Code?: unknown; name?: unknown } | null;
  if (typeof value?.Code === 'string') return value.Code;
  return typeof value?.name === 'string' ? value.name : '';
}
