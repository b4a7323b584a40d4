// What the backup engine needs from a place that stores backups (USB disk folder, FTP server, S3 bucket),
// and how each kind of place is configured.
import type { Readable } from 'node:stream';

export interface StoredObject {
  /** Relative name with `/` separators, e.g. `20261123T030000Z-full/volume-0001.tar.zst.gpg`. */
  name: string;
  size: number;
}

/** A folder on a USB disk. The disk is recognised by its filesystem UUID or label, so a backup never
 * lands on the system disk when the USB disk is not plugged in. */
export interface LocalTargetConfig {
  kind: 'local';
  /** Absolute folder where the disk is mounted (or a folder inside the mounted disk). */
  path: string;
  /** Filesystem UUID as `findmnt -o UUID` prints it. At least one of uuid and label is set. */
  uuid?: string;
  /** Filesystem label as `findmnt -o LABEL` prints it. */
  label?: string;
}

export interface FtpTargetConfig {
  kind: 'ftp';
  host: string;
  port: number;
  user: string;
  password: string;
  /** `explicit`: FTPS with AUTH TLS (recommended); `implicit`: FTPS on its own port; `none`: plain FTP. */
  tls: 'explicit' | 'implicit' | 'none';
  /** Folder on the server, e.g. `/backups/hausmeister`; created when missing. */
  folder: string;
  /** PEM of a CA (or the server's self-signed certificate) to trust besides the system CAs. */
  caCertificate?: string;
}

export interface S3TargetConfig {
  kind: 's3';
  /** Empty for Amazon S3 itself; otherwise the S3-compatible store, e.g. `https://s3.example.net`. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Key prefix inside the bucket, e.g. `hausmeister/` ('' = the bucket's root). */
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (bucket in the path): needed by most self-hosted S3 stores. */
  forcePathStyle?: boolean;
}

export type TargetConfig = LocalTargetConfig | FtpTargetConfig | S3TargetConfig;

export interface BackupTarget {
  readonly kind: TargetConfig['kind'];
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
  /** Deletes what interrupted writes left behind (temp files, unfinished multipart uploads). */
  removeLeftovers(): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}
