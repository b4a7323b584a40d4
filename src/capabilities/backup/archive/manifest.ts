// The manifest of one backup: every file of that point in time with its metadata, SHA-256 and the volume
// that holds its content (in this backup or an older one of the chain), plus what was deleted since the
// base. Stored as gzip'd JSON, encrypted like the volumes, so `gpg -d | gunzip` shows it.
import { gunzipSync, gzipSync } from 'node:zlib';
import { HausmeisterError } from '../../../errors.js';
import type { BackupKind } from './archive-names.js';
import { decryptBuffer, encryptBuffer } from './openpgp-stream.js';

export const MANIFEST_FORMAT = 'hausmeister-backup/1';

export type EntryType = 'file' | 'dir' | 'symlink';

/** What a backup records of every file, folder and link, as `lstat` saw it. */
export interface EntryMetadata {
  /** Absolute path as backed up; inside the volumes the same path without the leading `/`. */
  path: string;
  type: EntryType;
  size: number;
  /** Permission bits, as in `stat.mode & 0o7777`. */
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  /** With mtime and size: how the next backup tells a changed file from an unchanged one. */
  ctimeMs: number;
  ino: number;
  /** Symlinks: where the link points. */
  linkTarget?: string;
}

export interface ManifestEntry extends EntryMetadata {
  /** Files: SHA-256 of the content, hex. */
  sha256?: string;
  /** Files: the object holding the content, `<backupId>/volume-0003.tar.zst.gpg`. */
  object?: string;
}

export interface ManifestVolume {
  object: string;
  files: number;
  /** Bytes of file content in the volume, before compression and encryption. */
  bytes: number;
  /** Bytes of the stored (compressed, encrypted) object. */
  storedBytes: number;
}

export interface ManifestStats {
  files: number;
  bytes: number;
  newFiles: number;
  changedFiles: number;
  deletedFiles: number;
  /** Bytes of content packed in this backup (new and changed files). */
  packedBytes: number;
  /** Bytes written to the target for this backup. */
  storedBytes: number;
  durationMs: number;
  /** Things the owner should know that did not stop the backup, as message keys with params. */
  warnings: { messageKey: string; params: Record<string, string | number> }[];
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  id: string;
  kind: BackupKind;
  /** The full backup that starts the chain. */
  chain: string;
  /** The backup this one records changes against; null for a full backup. */
  base: string | null;
  createdAt: string;
  finishedAt: string;
  sources: string[];
  volumes: ManifestVolume[];
  entries: ManifestEntry[];
  deleted: string[];
  stats: ManifestStats;
}

export async function sealManifest(manifest: Manifest, passphrase: string): Promise<Uint8Array> {
  return encryptBuffer(gzipSync(JSON.stringify(manifest)), passphrase);
}

export async function openManifest(sealed: Uint8Array, passphrase: string): Promise<Manifest> {
  const plain = await decryptBuffer(sealed, passphrase);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(gunzipSync(plain).toString('utf8')) as Manifest;
  } catch (error) {
    throw new HausmeisterError('INTEGRITY', {
      messageKey: 'backup.error.damaged',
      detail: `manifest unreadable: ${(error as Error).message}`,
    });
  }
  if (manifest.format !== MANIFEST_FORMAT)
    throw new HausmeisterError('INTEGRITY', {
      messageKey: 'backup.error.unknownFormat',
      params: { format: String(manifest.format) },
    });
  return manifest;
}
