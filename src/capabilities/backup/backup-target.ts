// What the backup engine needs from a place that stores backups (USB disk folder, FTP server, S3 bucket).
import type { Readable } from 'node:stream';

export interface StoredObject {
  /** Relative name with `/` separators, e.g. `20261123T030000Z-full/volume-0001.tar.gz.gpg`. */
  name: string;
  size: number;
}

export interface BackupTarget {
  readonly kind: 'local' | 'ftp' | 's3';
  /** For reports and logs: where it is, never a secret (no passwords, no keys). */
  describe(): string;
  /**
   * Checks that the target can be used right now, before anything is written: the USB disk with the
   * configured UUID/label is mounted at the folder, the FTP server accepts the login, the bucket exists.
   * Throws HausmeisterError TARGET_UNAVAILABLE with a message key saying what is wrong and what to do.
   */
  check(): Promise<void>;
  /** "Test connection": writes a small probe object, reads it back, compares, deletes it. */
  testConnection(): Promise<void>;
  /**
   * Streams `data` to `name` with bounded memory. The object appears complete or not at all: a write
   * that fails or is aborted half-way leaves no object under `name` (temp name + rename, or an S3
   * multipart upload that is aborted). Resolves with the bytes written.
   */
  write(name: string, data: Readable, signal?: AbortSignal): Promise<{ bytes: number }>;
  /** Streams an object back. Throws NOT_FOUND when it does not exist. */
  read(name: string): Promise<Readable>;
  /** Every object whose name starts with `prefix` ('' = all), sorted by name. Leftover temp objects are not listed. */
  list(prefix: string): Promise<StoredObject[]>;
  /** Deletes one object; deleting a missing one is no error. */
  remove(name: string): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}
