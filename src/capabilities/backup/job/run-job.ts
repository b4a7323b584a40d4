// Carries out one job request with the engine: the part of the job process that does not touch the host
// itself (targets come from the factory the entry point passes in).
import path from 'node:path';
import { HausmeisterError } from '../../../errors.js';
import type { BackupJobRequest, JobMessage } from '../backup-job-protocol.js';
import type { BackupTarget, TargetConfig } from '../backup-target.js';
import { runBackup } from '../engine/backup-run.js';
import { browseAhead, type BrowsedEntry } from '../engine/browse.js';
import { Progress } from '../engine/progress.js';
import { openBackup, restoreBackup } from '../engine/restore.js';
import { pruneTarget } from '../engine/retention.js';
import { listStoredBackups } from '../engine/stored-backups.js';
import { verifyBackups } from '../engine/verify.js';

export interface JobDeps {
  createTarget(config: TargetConfig): Promise<BackupTarget>;
  emit(message: JobMessage): void;
  signal?: AbortSignal;
}

export async function runJob(request: BackupJobRequest, deps: JobDeps): Promise<unknown> {
  const progress = new Progress((p) => deps.emit(p));
  const configs = 'targets' in request ? request.targets : [request.target];
  if (configs.length === 0) throw new HausmeisterError('BAD_INPUT', { messageKey: 'backup.error.noTarget' });
  const targets = await Promise.all(configs.map((config) => deps.createTarget(config)));
  try {
    switch (request.action) {
      case 'backup':
        return await runBackup({
          targets,
          passphrase: request.passphrase,
          sources: request.sources.map((s) => s.path),
          excludes: request.excludes,
          skip: [...(request.skip ?? []), ...localTargetFolders(request.targets)],
          kind: request.kind,
          databases: request.databases ?? [],
          stateDir: request.stateDir,
          progress,
          signal: deps.signal,
        });
      case 'restore':
        return await restoreBackup({
          targets,
          passphrases: [request.passphrase, ...(request.olderPassphrases ?? [])],
          backupId: request.backupId,
          paths: request.paths,
          destination: request.destination,
          protect: request.protect,
          progress,
          cacheDir: null,
        });
      case 'verify':
        return {
          backups: await verifyBackups({
            targets,
            passphrases: [request.passphrase, ...(request.olderPassphrases ?? [])],
            backupId: request.backupId,
            progress,
            cacheDir: null,
          }),
        };
      case 'list':
        return { backups: await listAll(targets) };
      case 'browse': {
        const passphrases = [request.passphrase, ...(request.olderPassphrases ?? [])];
        const { manifest } = await openBackup(targets, request.backupId, passphrases, null);
        return { listings: browseAhead(manifest, request.folder) } satisfies BrowsedListings;
      }
      case 'test-target': {
        const [target] = targets;
        await target?.check();
        await target?.testConnection();
        return { ok: true, target: target?.describe() };
      }
      case 'prune': {
        const now = request.now ? new Date(request.now) : new Date();
        const removed: { target: string; backups: string[] }[] = [];
        for (const target of targets) {
          await target.check();
          removed.push({
            target: target.describe(),
            backups: await pruneTarget(target, request.maxAgeDays, now),
          });
        }
        return { removed };
      }
    }
  } finally {
    await Promise.all(targets.map((t) => t.close().catch(() => undefined)));
  }
}

/** Backups of every target, newest first, each with the targets that hold it completely. */
/** A complete backup as the list shows it: on which targets it is, and how much it takes there. */
export interface ListedBackup {
  id: string;
  kind: string;
  createdAt: string;
  chain: string;
  targets: string[];
  storedBytes: number;
}

/** What a browse job answers: the listings of the folder asked for and of its subfolders, by path. */
export interface BrowsedListings {
  listings: Record<string, BrowsedEntry[]>;
}

async function listAll(targets: BackupTarget[]): Promise<ListedBackup[]> {
  const byId = new Map<string, ListedBackup>();
  for (const target of targets) {
    for (const backup of await listStoredBackups(target)) {
      if (!backup.complete) continue;
      const known = byId.get(backup.id) ?? {
        id: backup.id,
        kind: backup.kind,
        createdAt: backup.createdAt.toISOString(),
        chain: backup.chain,
        targets: [],
        storedBytes: backup.storedBytes,
      };
      known.targets.push(target.describe());
      byId.set(backup.id, known);
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : -1));
}

/** A USB disk folder inside a backed-up folder must not back itself up. */
function localTargetFolders(targets: TargetConfig[]): string[] {
  return targets.flatMap((t) => (t.kind === 'local' ? [path.resolve(t.path)] : []));
}
