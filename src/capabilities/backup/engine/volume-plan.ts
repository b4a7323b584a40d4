// Splits what a backup must pack into volumes of about the same size, in path order: folders and links
// first (so that `tar` recreates them before their content), then the files.
import type { ScannedEntry } from './file-scan.js';
import type { VolumeContent } from './volume-pack.js';

export interface PlannedVolume extends VolumeContent {
  /** 1-based, as in `volume-0001`. */
  index: number;
  bytes: number;
}

/** `firstIndex`: where the numbering starts (after the volumes an interrupted run left, which stay). */
export function planVolumes(entries: ScannedEntry[], volumeBytes: number, firstIndex = 1): PlannedVolume[] {
  const ordered = [...entries.filter((e) => e.type !== 'file'), ...entries.filter((e) => e.type === 'file')];
  const volumes: PlannedVolume[] = [];
  let current: PlannedVolume | null = null;
  for (const entry of ordered) {
    if (!current || (current.bytes > 0 && current.bytes + entry.size > volumeBytes)) {
      current = { index: firstIndex + volumes.length, entries: [], bytes: 0 };
      volumes.push(current);
    }
    current.entries.push(entry);
    current.bytes += entry.size;
  }
  return volumes;
}
