// What an FTP reply or socket failure means for the user: login, TLS, full, denied, dropped.
import { FTPError } from 'basic-ftp';
import type { HausmeisterError } from '../../errors.js';
import {
  asTargetError,
  networkMessage,
  targetUnavailable,
  type TargetContext,
} from '../backup-target-shared/target-errors.js';

/** Where the failure happened: the same reply means different things in different steps. */
export type FtpPhase = 'connect' | 'tls' | 'login' | 'folder' | 'transfer';

export function mapFtpError(error: unknown, phase: FtpPhase, context: TargetContext): HausmeisterError {
  return asTargetError(error, () => {
    if (error instanceof FTPError) {
      const code = error.code;
      // The server refused AUTH TLS: it does not offer FTPS.
      if (phase === 'tls')
        return targetUnavailable({ messageKey: 'backup.target.error.tlsFailed' }, context, error);
      // vsftpd and others answer a plain login with 530 when they demand FTPS ("must use encryption").
      if (code === 530 && /encrypt|SSL|TLS/i.test(error.message))
        return targetUnavailable({ messageKey: 'backup.target.error.tlsRequired' }, context, error);
      if (code === 530)
        return targetUnavailable({ messageKey: 'backup.target.error.loginFailed' }, context, error);
      // RFC 959: 452 insufficient storage, 552 exceeded storage allocation.
      if (code === 452 || code === 552)
        return targetUnavailable({ messageKey: 'backup.target.error.targetFull' }, context, error);
      if (code === 421 || code === 425 || code === 426)
        return targetUnavailable({ messageKey: 'backup.target.error.connectionLost' }, context, error);
      if (code === 450 || code === 550 || code === 553)
        return targetUnavailable({ messageKey: 'backup.target.error.permissionDenied' }, context, error);
    }
    const network = networkMessage(error);
    if (network) return targetUnavailable(network, context, error);
    return targetUnavailable({ messageKey: 'backup.target.error.unexpected' }, context, error);
  });
}

/** 550 is how FTP servers say "no such file" (and also "not allowed"; callers check which). */
export function isFileUnavailable(error: unknown): boolean {
  return error instanceof FTPError && error.code === 550;
}
