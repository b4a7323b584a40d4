// Decides which files an incremental backup must pack: new and changed ones. Size, mtime, inode and ctime
// decide; the content is hashed only when they disagree (same size and mtime, but a new inode or ctime:
// a file replaced by a copy, or only its permissions changed).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fsPath } from '../archive/byte-names.js';
import type { ManifestEntry } from '../archive/manifest.js';
import type { ScannedEntry } from './file-scan.js';

export type Change = 'new' | 'changed' | 'unchanged' | 'doubt';

export function compare(current: ScannedEntry, previous: ManifestEntry | undefined): Change {
  if (!previous || previous.type !== current.type) return 'new';
  if (current.type === 'symlink') return current.linkTarget === previous.linkTarget ? 'unchanged' : 'changed';
  if (current.type === 'dir') return current.mode === previous.mode ? 'unchanged' : 'changed';
  if (current.readFrom) return 'changed';
  if (current.size !== previous.size || current.mtimeMs !== previous.mtimeMs) return 'changed';
  if (current.ino !== previous.ino || current.ctimeMs !== previous.ctimeMs) return 'doubt';
  return 'unchanged';
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(fsPath(file), { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
