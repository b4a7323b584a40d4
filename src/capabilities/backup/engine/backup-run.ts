// One backup run: check the targets, clear what an interrupted run left, pick the base, scan, pack what
// changed into volumes written to every target, and write the manifest last — so a backup exists on a
// target exactly when its manifest does, and a run killed at any point leaves older backups untouched.
import { Readable } from 'node:stream';
import { HausmeisterError, isHausmeisterError } from '../../../errors.js';
import {
  backupId,
  DELETIONS_OBJECT,
  MANIFEST_OBJECT,
  objectName,
  parseBackupId,
  README_OBJECT,
  volumeObject,
  type BackupKind,
} from '../archive/archive-names.js';
import { displayName, nameToBytes } from '../archive/byte-names.js';
import { sealManifest, type Manifest, type ManifestEntry, type ManifestStats } from '../archive/manifest.js';
import { createVolumeKey, encryptBuffer } from '../archive/openpgp-stream.js';
import { restoreInstructions } from '../archive/restore-instructions.js';
import { kindOfNextBackup } from '../backup-schedule.js';
import type { BackupTarget } from '../backup-target.js';
import { compare, hashFile } from './change-detection.js';
import { mapConcurrent } from './concurrency.js';
import { failpoint, failpointAfterFirstChunk } from './failpoint.js';
import { snapshotDatabases } from './database-snapshot.js';
import { scanSources, type ScannedEntry } from './file-scan.js';
import type { Progress } from './progress.js';
import { listStoredBackups, ManifestCache, type StoredBackup } from './stored-backups.js';
import { writeToTargets, type TargetSlot } from './target-fanout.js';
import type { PackedFile } from './volume-pack.js';
import { VolumeWorkers } from './volume-workers.js';
import { planVolumes } from './volume-plan.js';

export interface BackupRunOptions {
  targets: BackupTarget[];
  passphrase: string;
  sources: string[];
  excludes: string[];
  /** Never backed up, with everything below (the job's own state, a target folder inside a source). */
  skip: string[];
  kind: 'auto' | BackupKind;
  /** SQLite databases among the sources, copied consistently through SQLite's online backup. */
  databases: string[];
  /** The job's own folder: manifest cache, database snapshots. */
  stateDir: string;
  progress: Progress;
  now?: () => Date;
  compressionLevel?: number;
  volumeBytes?: number;
  signal?: AbortSignal;
}

export interface TargetOutcome {
  target: string;
  ok: boolean;
  error?: { reason: string; messageKey: string; params: Record<string, string | number> };
}

export interface BackupRunResult {
  id: string;
  kind: BackupKind;
  base: string | null;
  createdAt: string;
  finishedAt: string;
  stats: ManifestStats;
  targets: TargetOutcome[];
}

// Small enough that every core gets volumes to pack and restoring one file reads little; big enough
// that the tar, Zstandard and OpenPGP set-up per volume does not count.
const VOLUME_BYTES = 64 * 1024 * 1024;
const HASH_CONCURRENCY = 4;

export async function runBackup(options: BackupRunOptions): Promise<BackupRunResult> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const slots: TargetSlot[] = options.targets.map((target) => ({ target, error: null }));
  const cache = new ManifestCache(`${options.stateDir}/manifests`);
  const warnings: ManifestStats['warnings'] = [];
  const progress = options.progress;
  progress.start('scanning', 0, 0);

  await Promise.all(slots.map((slot) => slot.target.check().catch((e: unknown) => void (slot.error = e))));
  if (slots.every((slot) => slot.error !== null)) throw slots[0]?.error;

  const listings = new Map<TargetSlot, StoredBackup[]>();
  for (const slot of live(slots)) {
    try {
      listings.set(slot, await discardIncomplete(slot.target));
    } catch (error) {
      slot.error = error;
    }
  }
  if (live(slots).length === 0) throw slots[0]?.error;

  const base = await loadBase(live(slots), listings, cache, options.passphrase, warnings);
  const createdAt = uniqueTime(now(), [...listings.values()].flat());
  const kind: BackupKind =
    !base || options.kind === 'full'
      ? 'full'
      : options.kind === 'incremental'
        ? 'incremental'
        : kindOfNextBackup(parseBackupId(base.chain)?.createdAt ?? null, createdAt);
  const id = backupId(kind, createdAt, kind === 'incremental' ? base?.chain : undefined);
  const previous = new Map((kind === 'incremental' && base ? base.entries : []).map((e) => [e.path, e]));

  const snapshots = await snapshotDatabases(options.databases, `${options.stateDir}/snapshots`);
  let written = false;
  try {
    const scan = await scanSources({
      sources: options.sources,
      excludes: [...options.excludes, ...snapshots.excluded],
      skip: [...options.skip, options.stateDir],
    });
    for (const path of scan.missing)
      warnings.push({ messageKey: 'backup.warning.sourceMissing', params: { path } });
    for (const { path, reason } of scan.unreadable)
      warnings.push({ messageKey: 'backup.warning.unreadable', params: { path, reason } });
    for (const path of scan.namesTooLong)
      warnings.push({ messageKey: 'backup.warning.nameTooLong', params: { path } });
    const entries = await snapshots.substitute(scan.entries);
    failpoint('backup:scanned');

    // What changed since the base; doubtful files are hashed to be sure.
    const toPack: ScannedEntry[] = [];
    const kept = new Map<string, ManifestEntry>();
    const verdicts = entries.map((entry) => compare(entry, previous.get(entry.path)));
    await mapConcurrent(entries, HASH_CONCURRENCY, async (entry, i) => {
      if (verdicts[i] !== 'doubt') return;
      const same = (await hashFile(entry.path).catch(() => null)) === previous.get(entry.path)?.sha256;
      verdicts[i] = same ? 'unchanged' : 'changed';
    });
    let newFiles = 0;
    let changedFiles = 0;
    entries.forEach((entry, i) => {
      const verdict = verdicts[i];
      const before = previous.get(entry.path);
      if (verdict === 'unchanged' && before) kept.set(entry.path, { ...before, ...metadata(entry) });
      else {
        toPack.push(entry);
        if (entry.type === 'file' && verdict === 'new') newFiles++;
        else if (entry.type === 'file') changedFiles++;
      }
    });

    const files = toPack.filter((e) => e.type === 'file');
    const volumes = planVolumes(toPack, options.volumeBytes ?? VOLUME_BYTES);

    progress.start(
      'writing',
      files.length,
      files.reduce((sum, e) => sum + e.size, 0),
    );
    const packed = new Map<string, { file: PackedFile; object: string }>();
    const key = await createVolumeKey(options.passphrase);
    const workers = new VolumeWorkers();
    // Biggest first (a volume holding one large file takes longest), so no core idles at the end.
    const bySize = [...volumes].sort((a, b) => b.bytes - a.bytes);
    // One volume more than there are workers: while a finished volume is made durable on the targets
    // (fsync), its worker already packs the next one.
    const records = await mapConcurrent(bySize, workers.size + 1, async (volume) => {
      const object = volumeObject(volume.index);
      const { stream, packed: files } = await workers.pack(volume, {
        key,
        compressionLevel: options.compressionLevel ?? 1,
        onBytes: (bytes) => progress.addBytes(bytes),
        onFile: () => progress.addFile(),
      });
      const storedBytes = await writeToTargets(
        slots,
        objectName(id, object),
        volume.index === 1 ? failpointAfterFirstChunk(stream, 'backup:mid-volume') : stream,
        options.signal,
      );
      const result = await files;
      for (const file of result) packed.set(file.path, { file, object: objectName(id, object) });
      return {
        object: objectName(id, object),
        files: result.filter((f) => !('skipped' in f)).length,
        bytes: volume.bytes,
        storedBytes,
      };
    }).finally(() => workers.close());
    const volumeRecords = records.sort((a, b) => (a.object < b.object ? -1 : 1));
    progress.report(true);

    progress.start('finishing', 0, 0);
    const manifestEntries: ManifestEntry[] = [];
    for (const entry of entries) {
      const unchanged = kept.get(entry.path);
      if (unchanged) {
        manifestEntries.push(unchanged);
        continue;
      }
      const result = packed.get(entry.path);
      if (entry.type !== 'file') {
        manifestEntries.push(metadata(entry));
      } else if (result && !('skipped' in result.file)) {
        if (result.file.changedWhileReading)
          warnings.push({
            messageKey: 'backup.warning.changedWhileReading',
            params: { path: displayName(entry.path) },
          });
        manifestEntries.push({
          ...metadata(entry),
          sha256: result.file.sha256,
          object: result.object,
        });
      } else if (result && 'skipped' in result.file) {
        warnings.push({
          messageKey: 'backup.warning.unreadable',
          params: { path: displayName(entry.path), reason: result.file.skipped },
        });
      }
    }
    const present = new Set(manifestEntries.map((e) => e.path));
    const deleted = kind === 'incremental' ? [...previous.keys()].filter((p) => !present.has(p)) : [];

    if (deleted.length > 0) {
      const list = await encryptBuffer(
        // One path per line, as the bytes of its name (a shell's `read -r` takes them as they are).
        Buffer.concat(deleted.flatMap((p) => [nameToBytes(p), Buffer.from('\n')])),
        options.passphrase,
      );
      await writeToTargets(
        slots,
        objectName(id, DELETIONS_OBJECT),
        Readable.from([Buffer.from(list)]),
        options.signal,
      );
    }
    const fileEntries = manifestEntries.filter((e) => e.type === 'file');
    const manifest: Manifest = {
      format: 'hausmeister-backup/1',
      id,
      kind,
      chain: kind === 'full' ? id : (base?.chain ?? id),
      base: kind === 'incremental' ? (base?.id ?? null) : null,
      createdAt: createdAt.toISOString(),
      finishedAt: now().toISOString(),
      sources: options.sources,
      volumes: volumeRecords,
      entries: manifestEntries,
      deleted,
      stats: {
        files: fileEntries.length,
        bytes: fileEntries.reduce((sum, e) => sum + e.size, 0),
        newFiles,
        changedFiles,
        deletedFiles: deleted.filter((p) => previous.get(p)?.type === 'file').length,
        packedBytes: volumeRecords.reduce((sum, v) => sum + v.bytes, 0),
        storedBytes: volumeRecords.reduce((sum, v) => sum + v.storedBytes, 0),
        durationMs: Date.now() - started,
        warnings,
      },
    };
    const sealed = await sealManifest(manifest, options.passphrase);
    manifest.stats.storedBytes += sealed.length;
    failpoint('backup:before-manifest');
    // The manifest goes last: from this moment the backup exists on the target.
    await writeToTargets(
      slots,
      objectName(id, MANIFEST_OBJECT),
      Readable.from([Buffer.from(sealed)]),
      options.signal,
    );
    written = true;
    failpoint('backup:after-manifest');
    await cache.store(id, sealed);
    await writeInstructions(live(slots));
    await removeFromFailedTargets(slots, id);
    return {
      id,
      kind,
      base: manifest.base,
      createdAt: manifest.createdAt,
      finishedAt: manifest.finishedAt,
      stats: manifest.stats,
      targets: slots.map(outcome),
    };
  } catch (error) {
    // Nothing of a failed run should take space until the next one (a full disk stays full otherwise).
    if (!written) {
      for (const slot of slots) slot.error ??= error;
      await removeFromFailedTargets(slots, id);
    }
    throw error;
  } finally {
    await snapshots.remove();
  }
}

/** Passes a stream through (errors included), calling `then` once the first chunk went by. */
const live = (slots: TargetSlot[]) => slots.filter((slot) => slot.error === null);

function metadata(entry: ScannedEntry): ManifestEntry {
  const { readFrom: _readFrom, ...rest } = entry;
  return rest;
}

/** Removes backups without a manifest (an interrupted run) and temp objects; returns the complete ones. */
async function discardIncomplete(target: BackupTarget): Promise<StoredBackup[]> {
  await target.removeLeftovers();
  const backups = await listStoredBackups(target);
  for (const backup of backups.filter((b) => !b.complete))
    for (const object of backup.objects) await target.remove(object.name);
  return backups.filter((b) => b.complete);
}

/**
 * The base of an incremental backup is the newest backup that every target taking part holds, so that
 * each target has every volume the new manifest points to. A base under another passphrase (changed
 * since) cannot be read: the run then starts a new chain with a full backup.
 */
async function loadBase(
  slots: TargetSlot[],
  listings: Map<TargetSlot, StoredBackup[]>,
  cache: ManifestCache,
  passphrase: string,
  warnings: ManifestStats['warnings'],
): Promise<Manifest | null> {
  const [first, ...others] = slots.map((slot) => new Set((listings.get(slot) ?? []).map((b) => b.id)));
  const common = [...(first ?? [])].filter((id) => others.every((set) => set.has(id))).sort();
  const latest = common.at(-1);
  const holder = slots[0];
  if (!latest || !holder) return null;
  try {
    return (await cache.load(holder.target, latest, [passphrase])).manifest;
  } catch (error) {
    if (isHausmeisterError(error) && error.reason === 'WRONG_PASSPHRASE') {
      warnings.push({ messageKey: 'backup.warning.newPassphrase', params: {} });
      return null;
    }
    throw error;
  }
}

/** Backup names have second precision; two runs within one second get consecutive seconds. */
function uniqueTime(wanted: Date, existing: StoredBackup[]): Date {
  const taken = new Set(existing.map((b) => b.createdAt.getTime()));
  let time = Math.floor(wanted.getTime() / 1000) * 1000;
  while (taken.has(time)) time += 1000;
  return new Date(time);
}

async function writeInstructions(slots: TargetSlot[]): Promise<void> {
  for (const slot of slots) {
    const present = (await slot.target.list(README_OBJECT)).some((o) => o.name === README_OBJECT);
    if (!present) await slot.target.write(README_OBJECT, Readable.from([Buffer.from(restoreInstructions())]));
  }
}

/** A target that failed half-way keeps none of this backup's volumes: they would only take space. */
async function removeFromFailedTargets(slots: TargetSlot[], id: string): Promise<void> {
  for (const slot of slots.filter((s) => s.error !== null)) {
    try {
      await slot.target.removeLeftovers();
      for (const object of await slot.target.list(`${id}/`)) await slot.target.remove(object.name);
    } catch {
      // Unreachable right now: the next run discards the incomplete backup.
    }
  }
}

function outcome(slot: TargetSlot): TargetOutcome {
  const target = slot.target.describe();
  if (slot.error === null) return { target, ok: true };
  const error = isHausmeisterError(slot.error)
    ? slot.error
    : new HausmeisterError('TARGET_UNAVAILABLE', {
        messageKey: 'backup.error.targetFailed',
        detail: String(slot.error),
      });
  return {
    target,
    ok: false,
    error: { reason: error.reason, messageKey: error.messageKey, params: error.params },
  };
}
