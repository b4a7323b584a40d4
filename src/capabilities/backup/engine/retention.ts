// Removes backups older than the maximum age, a whole chain (a full backup with its incrementals) at a
// time, and only when a newer full backup exists on the same target: the newest chain always stays.
import { MANIFEST_OBJECT } from '../archive/archive-names.js';
import type { BackupTarget } from '../backup-target.js';
import { listStoredBackups, type StoredBackup } from './stored-backups.js';

export interface Chain {
  full: string;
  backups: StoredBackup[];
  newest: Date;
}

/** Chains on a target, oldest first. Incrementals whose full is gone form a chain of their own. */
export function chainsOf(backups: StoredBackup[]): Chain[] {
  const chains = new Map<string, Chain>();
  for (const backup of backups.filter((b) => b.complete)) {
    let chain = chains.get(backup.chain);
    if (!chain) {
      chain = { full: backup.chain, backups: [], newest: backup.createdAt };
      chains.set(backup.chain, chain);
    }
    chain.backups.push(backup);
    if (backup.createdAt > chain.newest) chain.newest = backup.createdAt;
  }
  return [...chains.values()].sort((a, b) => (a.full < b.full ? -1 : 1));
}

export function expiredChains(backups: StoredBackup[], maxAgeDays: number, now: Date): Chain[] {
  const limit = now.getTime() - maxAgeDays * 24 * 60 * 60 * 1000;
  const fulls = backups.filter((b) => b.complete && b.kind === 'full');
  return chainsOf(backups).filter(
    (chain) => chain.newest.getTime() < limit && fulls.some((full) => full.id > chain.full),
  );
}

export async function pruneTarget(target: BackupTarget, maxAgeDays: number, now: Date): Promise<string[]> {
  const backups = await listStoredBackups(target);
  const removed: string[] = [];
  for (const chain of expiredChains(backups, maxAgeDays, now)) {
    // Incrementals first: should this be interrupted, what is left is still a usable chain start.
    // Each backup's manifest goes first, so that it is never listed as complete with volumes missing.
    for (const backup of [...chain.backups].reverse()) {
      const objects = [...backup.objects].sort(
        (a, b) => Number(b.name.endsWith(MANIFEST_OBJECT)) - Number(a.name.endsWith(MANIFEST_OBJECT)),
      );
      for (const object of objects) await target.remove(object.name);
      removed.push(backup.id);
    }
  }
  return removed;
}
