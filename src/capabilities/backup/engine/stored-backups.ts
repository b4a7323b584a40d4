// What a target holds: its backups, told apart by their names, complete once their manifest is there;
// and the manifests themselves, read from a local cache when possible (same encrypted bytes).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { HausmeisterError, isHausmeisterError } from '../../../errors.js';
import { writeFileAtomic } from '../../../files/atomic-write.js';
import { MANIFEST_OBJECT, objectName, parseBackupId, type BackupName } from '../archive/archive-names.js';
import { openManifest, type Manifest } from '../archive/manifest.js';
import type { BackupTarget, StoredObject } from '../backup-target.js';

export interface StoredBackup extends BackupName {
  /** The manifest is there: every volume was written before it. */
  complete: boolean;
  objects: StoredObject[];
  storedBytes: number;
}

/** The target's backups, oldest first. Objects that belong to no backup are ignored. */
export async function listStoredBackups(target: BackupTarget): Promise<StoredBackup[]> {
  const byId = new Map<string, StoredBackup>();
  for (const object of await target.list('')) {
    const [folder, file] = object.name.split('/');
    if (!folder || !file) continue;
    const name = parseBackupId(folder);
    if (!name) continue;
    let backup = byId.get(folder);
    if (!backup) {
      backup = { ...name, complete: false, objects: [], storedBytes: 0 };
      byId.set(folder, backup);
    }
    backup.objects.push(object);
    backup.storedBytes += object.size;
    if (file === MANIFEST_OBJECT) backup.complete = true;
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

export async function readObject(target: BackupTarget, name: string): Promise<Buffer> {
  const stream: Readable = await target.read(name);
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

async function openWithAny(
  sealed: Uint8Array,
  passphrases: string[],
): Promise<{ manifest: Manifest; passphrase: string }> {
  let lastError: unknown = new HausmeisterError('WRONG_PASSPHRASE', {
    messageKey: 'backup.error.wrongPassphrase',
  });
  for (const passphrase of passphrases) {
    try {
      return { manifest: await openManifest(sealed, passphrase), passphrase };
    } catch (error) {
      if (!isHausmeisterError(error) || error.reason !== 'WRONG_PASSPHRASE') throw error;
      lastError = error;
    }
  }
  throw lastError;
}

export class ManifestCache {
  readonly #dir: string | null;

  /** `dir` null: no cache (restoring on a new box reads everything from the target). */
  constructor(dir: string | null) {
    this.#dir = dir;
  }

  /**
   * The manifest of backup `id`, opened with the first of `passphrases` that fits (the current one
   * first, then older ones: a backup needs the passphrase of its time).
   */
  async load(
    target: BackupTarget,
    id: string,
    passphrases: string[],
  ): Promise<{ manifest: Manifest; passphrase: string }> {
    const cached = this.#dir ? await readFile(this.#file(id)).catch(() => null) : null;
    if (cached) {
      const opened = await openWithAny(cached, passphrases).catch(() => null);
      // A damaged cache entry is no verdict: the target's copy decides.
      if (opened) return opened;
    }
    const sealed = await readObject(target, objectName(id, MANIFEST_OBJECT));
    const opened = await openWithAny(sealed, passphrases);
    await this.store(id, sealed);
    return opened;
  }

  async store(id: string, sealed: Uint8Array): Promise<void> {
    if (!this.#dir) return;
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.#file(id), Buffer.from(sealed), 0o600);
  }

  #file(id: string): string {
    return path.join(this.#dir ?? '', `${id}.${MANIFEST_OBJECT}`);
  }
}
