// Folder listings of backups already looked at. A backup does not change once written, so a listing
// stays true while the backup exists; new settings (maybe other targets) start the cache afresh. Only
// the folders looked at last are kept.
import path from 'node:path';
import type { BrowsedEntry } from './engine/browse.js';

export class ListingCache {
  readonly #max: number;
  /** In the order they were last used, oldest first. */
  readonly #listings = new Map<string, BrowsedEntry[]>();

  constructor(max = 500) {
    this.#max = max;
  }

  get(backupId: string, folder: string): BrowsedEntry[] | undefined {
    const key = keyOf(backupId, folder);
    const listing = this.#listings.get(key);
    if (listing) {
      this.#listings.delete(key);
      this.#listings.set(key, listing);
    }
    return listing;
  }

  add(backupId: string, listings: Record<string, BrowsedEntry[]>): void {
    for (const [folder, listing] of Object.entries(listings)) {
      const key = keyOf(backupId, folder);
      this.#listings.delete(key);
      this.#listings.set(key, listing);
    }
    for (const key of this.#listings.keys()) {
      if (this.#listings.size <= this.#max) break;
      this.#listings.delete(key);
    }
  }

  clear(): void {
    this.#listings.clear();
  }
}

function keyOf(backupId: string, folder: string): string {
  return `${backupId}\0${path.posix.resolve('/', folder)}`;
}
