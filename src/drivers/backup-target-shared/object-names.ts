// The names backup targets store objects under: validation, and the driver's own temp and probe names.
import { randomBytes } from 'node:crypto';
import { HausmeisterError } from '../../errors.js';
import type { StoredObject } from '../../capabilities/backup/backup-target.js';

const PART = /^[A-Za-z0-9._-]+$/;
const TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;
const PROBE_PREFIX = '.hausmeister-probe-';

export interface ObjectPath {
  /** The backup folder (`<backupId>`), or null for a top-level object. */
  folder: string | null;
  file: string;
}

/**
 * Splits a name the backup engine passes in, or throws BAD_INPUT. Names that start with a dot are
 * reserved for the driver's own temp files and probes, so a leftover can never be mistaken for a backup.
 */
export function parseObjectName(name: string): ObjectPath {
  const parts = name.split('/');
  const valid =
    parts.length <= 2 &&
    !name.includes('..') &&
    parts.every((part) => PART.test(part) && !part.startsWith('.'));
  if (!valid) {
    throw new HausmeisterError('BAD_INPUT', {
      messageKey: 'backup.target.error.badName',
      params: { name },
      detail: `invalid backup object name ${JSON.stringify(name)}`,
    });
  }
  return parts.length === 2
    ? { folder: parts[0] ?? null, file: parts[1] ?? '' }
    : { folder: null, file: name };
}

/** The name itself once it passed `parseObjectName`, for targets with flat keys (S3). */
export function validObjectName(name: string): string {
  parseObjectName(name);
  return name;
}

export function isObjectName(name: string): boolean {
  try {
    parseObjectName(name);
    return true;
  } catch {
    return false;
  }
}

/** `.<file>.<random>.tmp`: beside the final file, so the rename stays on one filesystem or server folder. */
export function tempNameFor(file: string): string {
  return `.${file}.${randomBytes(6).toString('hex')}.tmp`;
}

/** A top-level name for "Test connection"; random, so two tests never meet. */
export function probeName(): string {
  return `${PROBE_PREFIX}${randomBytes(6).toString('hex')}`;
}

/** What an interrupted write or test left behind: temp files and probes. */
export function isLeftoverName(file: string): boolean {
  return TEMP.test(file) || file.startsWith(PROBE_PREFIX);
}

/** Whether an entry belongs in `list(prefix)`: a valid object name starting with the prefix. */
export function matchesPrefix(name: string, prefix: string): boolean {
  return name.startsWith(prefix) && isObjectName(name);
}

/** Whether a backup folder can hold objects that start with the prefix, so it is worth listing. */
export function folderMayMatch(folder: string, prefix: string): boolean {
  return prefix.startsWith(`${folder}/`) || `${folder}/`.startsWith(prefix);
}

/** Sorted by name in code-unit order, the same on every target (S3 lists in byte order). */
export function sortByName(objects: StoredObject[]): StoredObject[] {
  return objects.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
