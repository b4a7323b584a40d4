// How backups are named on a target. The names alone tell a person with only `gpg` and `tar` what belongs
// together: `20261201T030000Z-full/` starts a chain, `20261202T030000Z-incremental-20261201T030000Z/`
// belongs to the chain of that full backup; inside, the volumes and the manifest.

export type BackupKind = 'full' | 'incremental';

export interface BackupName {
  id: string;
  kind: BackupKind;
  createdAt: Date;
  /** The id of the full backup that starts this backup's chain (its own id for a full backup). */
  chain: string;
}

const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const ID = /^(\d{8}T\d{6}Z)-(full|incremental-(\d{8}T\d{6}Z))$/;

export const MANIFEST_OBJECT = 'manifest.json.gz.gpg';
export const DELETIONS_OBJECT = 'deleted.txt.gpg';
/** Plain-text instructions at the target's top level: how to restore without Hausmeister. */
export const README_OBJECT = 'HOW-TO-RESTORE.txt';

export function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function parseStamp(stamp: string): Date | null {
  const m = STAMP.exec(stamp);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls over (month 13 is next January): such a name was not written by us.
  return timestamp(date) === stamp ? date : null;
}

export function backupId(kind: BackupKind, createdAt: Date, chain?: string): string {
  const stamp = timestamp(createdAt);
  if (kind === 'full') return `${stamp}-full`;
  const full = chain ? parseBackupId(chain) : null;
  if (full?.kind !== 'full')
    throw new Error(`an incremental backup needs the id of its full backup (got ${chain})`);
  return `${stamp}-incremental-${timestamp(full.createdAt)}`;
}

export function parseBackupId(id: string): BackupName | null {
  const m = ID.exec(id);
  if (!m?.[1]) return null;
  const createdAt = parseStamp(m[1]);
  if (!createdAt) return null;
  const kind: BackupKind = m[2] === 'full' ? 'full' : 'incremental';
  const chain = kind === 'full' ? id : `${m[3]}-full`;
  return { id, kind, createdAt, chain };
}

export function volumeObject(index: number): string {
  return `volume-${String(index).padStart(4, '0')}.tar.zst.gpg`;
}

export const objectName = (id: string, file: string) => `${id}/${file}`;
