// The two ways decrypting a backup fails for good: the passphrase does not open it, or its bytes are not
// what was written (a failed read, worth another try, is neither).
import { HausmeisterError, isHausmeisterError } from '../../../errors.js';
import { MalformedPacketError } from './packet-reader.js';

export function wrongPassphrase(detail: string, cause?: unknown): HausmeisterError {
  return new HausmeisterError('WRONG_PASSPHRASE', {
    messageKey: 'backup.error.wrongPassphrase',
    detail,
    cause,
  });
}

export function damaged(detail: string, cause?: unknown): HausmeisterError {
  return new HausmeisterError('INTEGRITY', { messageKey: 'backup.error.damaged', detail, cause });
}

/** What an error of openpgp.js means (they carry no code: their words tell). */
export function decryptionError(error: unknown): HausmeisterError {
  if (isHausmeisterError(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/session key decryption failed|password|passphrase/i.test(text)) return wrongPassphrase(text, error);
  return damaged(text, error);
}

/** A packet that breaks off or makes no sense is damage; any other error (a failed read) stays as it is. */
export function damagedIfMalformed(error: unknown): unknown {
  return error instanceof MalformedPacketError ? damaged(error.message, error) : error;
}
