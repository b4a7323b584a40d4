// What an interrupted backup had already put on its targets, noted in the job's state folder so that the
// next run completes that backup instead of starting it again. A household's first backup to S3 or FTP
// can take a day, longer than a DSL line stays up or the box stays on; started anew each time, it would
// never end. One line per volume once every target holds it (appended and synced: a power cut loses at
// most the line being written, and a volume without its line is simply packed again).
import { appendFile, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../../files/atomic-write.js';
import type { BackupKind } from '../archive/archive-names.js';
import type { ManifestEntry, ManifestVolume } from '../archive/manifest.js';
import { compare } from './change-detection.js';
import type { ScannedEntry } from './file-scan.js';

export interface UnfinishedBackup {
  id: string;
  kind: BackupKind;
  base: string | null;
  createdAt: string;
  /** The targets it was written to (their descriptions): only those same targets can complete it. */
  targets: string[];
  /** Its volumes' key: the passphrase packet (base64, as in every volume) and the key's check value. */
  keyPacket: string;
  keyCheck: string;
  volumes: FinishedVolume[];
}

export interface FinishedVolume extends ManifestVolume {
  index: number;
  /** The files in it, as the manifest will list them. */
  entries: ManifestEntry[];
}

type Line = ({ type: 'backup' } & Omit<UnfinishedBackup, 'volumes'>) | ({ type: 'volume' } & FinishedVolume);

export class UnfinishedBackupNote {
  readonly #file: string;

  constructor(stateDir: string) {
    this.#file = path.join(stateDir, 'unfinished-backup.jsonl');
  }

  /** The backup a previous run left unfinished, or null (none, or a note too damaged to trust). */
  async read(): Promise<UnfinishedBackup | null> {
    const text = await readFile(this.#file, 'utf8').catch(() => '');
    const lines: Line[] = [];
    for (const line of text.split('\n')) {
      try {
        if (line) lines.push(JSON.parse(line) as Line);
      } catch {
        break; // the line a power cut interrupted, and nothing after it
      }
    }
    const [head, ...rest] = lines;
    if (head?.type !== 'backup') return null;
    const { type: _type, ...backup } = head;
    const volumes = rest.flatMap((line) => (line.type === 'volume' ? [withoutType(line)] : []));
    return { ...backup, volumes };
  }

  async start(backup: Omit<UnfinishedBackup, 'volumes'>): Promise<void> {
    await writeFileAtomic(this.#file, `${JSON.stringify({ type: 'backup', ...backup })}\n`, 0o600);
  }

  async addVolume(volume: FinishedVolume): Promise<void> {
    await appendFile(this.#file, `${JSON.stringify({ type: 'volume', ...volume })}\n`, { mode: 0o600 });
    const handle = await open(this.#file, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async remove(): Promise<void> {
    await rm(this.#file, { force: true });
  }
}

function withoutType(line: { type: 'volume' } & FinishedVolume): FinishedVolume {
  const { type: _type, ...volume } = line;
  return volume;
}

/** What a run found of an unfinished backup on one target: its objects there, by name and size. */
export type LeftOnTarget = Map<string, number>;

/**
 * The unfinished backup, if this run can complete it: it holds at least one whole volume, goes to the
 * same targets, each of which still has every noted volume at its size, it is of the kind asked for,
 * and an incremental still builds on the base this run would pick.
 */
export function resumable(
  unfinished: UnfinishedBackup | null,
  targets: { description: string; left: LeftOnTarget }[],
  wanted: 'auto' | BackupKind,
  baseId: string | null,
): UnfinishedBackup | null {
  if (!unfinished || unfinished.volumes.length === 0) return null;
  if (wanted !== 'auto' && wanted !== unfinished.kind) return null;
  if (unfinished.kind === 'incremental' && unfinished.base !== baseId) return null;
  const sameTargets =
    targets
      .map((t) => t.description)
      .sort()
      .join('\n') === [...unfinished.targets].sort().join('\n');
  const allThere = targets.every(({ left }) =>
    unfinished.volumes.every((volume) => left.get(volume.object) === volume.storedBytes),
  );
  return sameTargets && allThere ? unfinished : null;
}

/**
 * The noted volumes that can stay as they are: every file and folder in them is still as it was (by
 * size, mtime, inode and ctime; a doubt counts as a change). A volume with one changed or vanished file
 * is packed again whole, so each volume on the target holds exactly what the manifest says of it, and
 * a restore with gpg and tar alone gets the state of this backup.
 */
export function reusableVolumes(
  unfinished: UnfinishedBackup,
  current: Map<string, ScannedEntry>,
): FinishedVolume[] {
  return unfinished.volumes.filter((volume) =>
    volume.entries.every((entry) => {
      const now = current.get(entry.path);
      return now !== undefined && compare(now, entry) === 'unchanged';
    }),
  );
}
