// One backup run: check the targets, clear what an interrupted run left (or complete that backup, when
// its volumes are all still there: unfinished-backup.ts), pick the base, scan, pack what changed into
// volumes written to every target, and write the manifest last — so a backup exists on a target exactly
// when its manifest does, and a run killed at any point leaves older backups untouched.
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
import {
  createVolumeKey,
  encryptBuffer,
  reopenVolumeKey,
  volumeKeyCheck,
} from '../archive/openpgp-stream.js';
import { restoreInstructions } from '../archive/restore-instructions.js';
import { kindOfNextBackup } from '../backup-schedule.js';
import type { BackupTarget } from '../backup-target.js';
import { compare, hashFile } from './change-detection.js';
import { mapConcurrent } from './concurrency.js';
import { failpoint, failpointAfterFirstChunk } from './failpoint.js';
import { snapshotDatabases } from './database-snapshot.js';
import { scanSources, type ScannedEntry } from './file-scan.js';
import type { Progress } from './progress.js';
import { isWorthAnotherTry } from './read-retry.js';
import { listStoredBackups, ManifestCache, type StoredBackup } from './stored-backups.js';
import { writeToTargets, type TargetSlot } from './target-fanout.js';
import {
  resumable,
  reusableVolumes,
  UnfinishedBackupNote,
  type FinishedVolume,
  type LeftOnTarget,
} from './unfinished-backup.js';
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
  /** Volumes an interrupted run of this backup had written, which this run kept. */
  resumedVolumes: number;
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

  const note = new UnfinishedBackupNote(options.stateDir);
  const unfinished = await note.read();
  const listings = new Map<TargetSlot, StoredBackup[]>();
  const lefts = new Map<TargetSlot, LeftOnTarget>();
  for (const slot of live(slots)) {
    try {
      const { complete, left } = await discardIncomplete(slot.target, unfinished?.id);
      listings.set(slot, complete);
      lefts.set(slot, left);
    } catch (error) {
      slot.error = error;
    }
  }
  if (live(slots).length === 0) throw slots[0]?.error;

  const base = await loadBase(live(slots), listings, cache, options.passphrase, warnings);
  const candidate = resumable(
    unfinished,
    live(slots).map((slot) => ({ description: slot.target.describe(), left: lefts.get(slot) ?? new Map() })),
    options.kind,
    base?.id ?? null,
  );
  // Its volumes' key, back from its packet: all volumes of a backup open with the one passphrase.
  const reopened = candidate
    ? await reopenVolumeKey(
        Buffer.from(candidate.keyPacket, 'base64'),
        candidate.keyCheck,
        options.passphrase,
      )
    : null;
  const resumed = reopened ? candidate : null;
  // What cannot be completed goes now, so it takes no space on the targets.
  if (!resumed) await removeUnfinished(live(slots), lefts, []);
  const createdAt = resumed ? new Date(resumed.createdAt) : uniqueTime(now(), [...listings.values()].flat());
  const kind: BackupKind = resumed
    ? resumed.kind
    : !base || options.kind === 'full'
      ? 'full'
      : options.kind === 'incremental'
        ? 'incremental'
        : kindOfNextBackup(parseBackupId(base.chain)?.createdAt ?? null, createdAt);
  const id = resumed?.id ?? backupId(kind, createdAt, kind === 'incremental' ? base?.chain : undefined);
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
    // Of an interrupted run of this backup, the volumes whose files are all as they were stay.
    const reused = resumed ? reusableVolumes(resumed, new Map(entries.map((e) => [e.path, e]))) : [];
    const inReused = new Map(reused.flatMap((volume) => volume.entries.map((e) => [e.path, e])));
    let newFiles = 0;
    let changedFiles = 0;
    entries.forEach((entry, i) => {
      const verdict = verdicts[i];
      const before = previous.get(entry.path);
      const packedBefore = inReused.get(entry.path);
      if (verdict === 'unchanged' && before) kept.set(entry.path, { ...before, ...metadata(entry) });
      else if (packedBefore) {
        kept.set(entry.path, { ...packedBefore, ...metadata(entry) });
        if (entry.type === 'file' && verdict === 'new') newFiles++;
        else if (entry.type === 'file') changedFiles++;
      } else {
        toPack.push(entry);
        if (entry.type === 'file' && verdict === 'new') newFiles++;
        else if (entry.type === 'file') changedFiles++;
      }
    });

    const files = toPack.filter((e) => e.type === 'file');
    const firstIndex = Math.max(0, ...(resumed?.volumes ?? []).map((v) => v.index)) + 1;
    const volumes = planVolumes(toPack, options.volumeBytes ?? VOLUME_BYTES, firstIndex);

    progress.start(
      'writing',
      files.length,
      files.reduce((sum, e) => sum + e.size, 0),
    );
    const packed = new Map<string, { file: PackedFile; object: string }>();
    const key = reopened ?? (await createVolumeKey(options.passphrase));
    await note.start({
      id,
      kind,
      base: kind === 'incremental' ? (base?.id ?? null) : null,
      createdAt: createdAt.toISOString(),
      targets: live(slots).map((slot) => slot.target.describe()),
      keyPacket: Buffer.from(key.header).toString('base64'),
      keyCheck: volumeKeyCheck(key),
    });
    for (const volume of reused) await note.addVolume(volume);
    // Only once the note names just the volumes that stay: a kill in between loses no volume it names.
    if (resumed) await removeUnfinished(live(slots), lefts, reused);
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
      const record = {
        object: objectName(id, object),
        files: result.filter((f) => !('skipped' in f)).length,
        bytes: volume.bytes,
        storedBytes,
      };
      await note.addVolume({
        ...record,
        index: volume.index,
        entries: entriesOf(volume.entries, result, record.object),
      });
      failpoint('backup:volume-noted');
      return record;
    }).finally(() => workers.close());
    const volumeRecords = [...reused.map(volumeRecord), ...records].sort((a, b) =>
      a.object < b.object ? -1 : 1,
    );
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
    await note.remove();
    failpoint('backup:after-manifest');
    await cache.store(id, sealed);
    await writeInstructions(live(slots));
    await removeFromFailedTargets(slots, id);
    return {
      id,
      resumedVolumes: reused.length,
      kind,
      base: manifest.base,
      createdAt: manifest.createdAt,
      finishedAt: manifest.finishedAt,
      stats: manifest.stats,
      targets: slots.map(outcome),
    };
  } catch (error) {
    // A dropped connection or an unplugged disk: what reached the targets stays, and the next run
    // completes this backup. Otherwise nothing of a failed run should take space until the next one (a
    // full disk stays full otherwise).
    if (!written && !isWorthAnotherTry(error)) {
      for (const slot of slots) slot.error ??= error;
      await removeFromFailedTargets(slots, id);
      await note.remove();
    }
    throw error;
  } finally {
    await snapshots.remove();
  }
}

const live = (slots: TargetSlot[]) => slots.filter((slot) => slot.error === null);

function metadata(entry: ScannedEntry): ManifestEntry {
  const { readFrom: _readFrom, ...rest } = entry;
  return rest;
}

/**
 * Removes backups without a manifest (an interrupted run) and temp objects, except the unfinished backup
 * the note names, which this run may complete; returns the complete backups and what is there of that one.
 */
async function discardIncomplete(
  target: BackupTarget,
  unfinishedId: string | undefined,
): Promise<{ complete: StoredBackup[]; left: LeftOnTarget }> {
  await target.removeLeftovers();
  const backups = await listStoredBackups(target);
  const left: LeftOnTarget = new Map();
  for (const backup of backups.filter((b) => !b.complete)) {
    if (backup.id === unfinishedId) for (const object of backup.objects) left.set(object.name, object.size);
    else for (const object of backup.objects) await target.remove(object.name);
  }
  return { complete: backups.filter((b) => b.complete), left };
}

/** Removes what an unfinished backup left on the targets, but for the volumes that stay. */
async function removeUnfinished(
  slots: TargetSlot[],
  lefts: Map<TargetSlot, LeftOnTarget>,
  staying: FinishedVolume[],
): Promise<void> {
  const kept = new Set(staying.map((volume) => volume.object));
  for (const slot of slots)
    for (const name of lefts.get(slot)?.keys() ?? []) if (!kept.has(name)) await slot.target.remove(name);
}

/** The manifest's entries of one packed volume: its folders and links, and the files that went in. */
function entriesOf(planned: ScannedEntry[], packedFiles: PackedFile[], object: string): ManifestEntry[] {
  const byPath = new Map(packedFiles.map((file) => [file.path, file]));
  return planned.flatMap((entry) => {
    if (entry.type !== 'file') return [metadata(entry)];
    const file = byPath.get(entry.path);
    return file && !('skipped' in file) ? [{ ...metadata(entry), sha256: file.sha256, object }] : [];
  });
}

const volumeRecord = ({ object, files, bytes, storedBytes }: FinishedVolume) => ({
  object,
  files,
  bytes,
  storedBytes,
});

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
