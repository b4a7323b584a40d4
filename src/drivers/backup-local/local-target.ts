// The backup target "folder on a USB disk" (or a plain folder, e.g. a mounted NAS share).
import { describeTarget } from '../../capabilities/backup/target-description.js';
import { open, readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { HausmeisterError } from '../../errors.js';
import { makeFolders } from '../../files/make-folders.js';
import type {
  BackupTarget,
  LocalTargetConfig,
  StoredObject,
} from '../../capabilities/backup/backup-target.js';
import type { CommandRunner } from '../command-runner/command-runner.js';
import { runConnectionTest } from '../backup-target-shared/connection-test.js';
import {
  folderMayMatch,
  isLeftoverName,
  isObjectName,
  matchesPrefix,
  parseObjectName,
  sortByName,
  type ObjectPath,
} from '../backup-target-shared/object-names.js';
import { asTargetError, objectNotFound } from '../backup-target-shared/target-errors.js';
import { syncFolder, writeFileAtomically } from './atomic-file.js';
import { checkLocalFolder } from './disk-check.js';
import { mapFsError } from './fs-errors.js';

export function createLocalTarget(config: LocalTargetConfig, deps: { runner: CommandRunner }): BackupTarget {
  if (!path.isAbsolute(config.path)) {
    throw new HausmeisterError('BAD_INPUT', {
      messageKey: 'backup.target.error.pathNotAbsolute',
      params: { path: config.path },
      detail: `backup folder ${config.path} is not an absolute path`,
    });
  }
  const base = path.normalize(config.path);
  const description = describeTarget(config);
  const context = { target: description, host: 'localhost', port: '', secrets: [] };
  const fail = (error: unknown, file: string) => asTargetError(error, (e) => mapFsError(e, file, context));

  // Checked before every operation, not once: a USB disk can be pulled out between two volumes, and the
  // empty mount point left behind is on the system disk. findmnt takes a few milliseconds.
  const check = () => checkLocalFolder(config, deps.runner, context);

  const fileOf = (object: ObjectPath) => path.join(base, object.folder ?? '', object.file);

  async function writeObject(object: ObjectPath, data: Readable, signal?: AbortSignal) {
    await check().catch((error: unknown) => {
      // Nothing will read the source any more; the other drivers end it the same way on failure.
      data.destroy();
      throw error;
    });
    const folder = path.join(base, object.folder ?? '');
    try {
      makeFolders(folder, { mode: 0o700 });
      if (object.folder) await syncFolder(base);
      return { bytes: await writeFileAtomically(folder, object.file, data, signal) };
    } catch (error) {
      // A backup folder made for this write is not left behind empty.
      if (object.folder) await removeFolderIfEmpty(folder).catch(() => undefined);
      if (signal?.aborted) throw error;
      throw fail(error, folder);
    }
  }

  async function readObject(object: ObjectPath, name: string): Promise<Readable> {
    await check();
    const file = fileOf(object);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw objectNotFound(name);
      throw fail(error, file);
    }
    const isFile = await handle.stat().then(
      (stats) => stats.isFile(),
      () => false,
    );
    if (!isFile) {
      await handle.close();
      throw objectNotFound(name);
    }
    return handle.createReadStream({ highWaterMark: 1024 * 1024 }); // volumes are big: few large reads
  }

  async function removeObject(object: ObjectPath): Promise<void> {
    await check();
    const file = fileOf(object);
    try {
      await rm(file, { force: true });
      if (object.folder) await removeFolderIfEmpty(path.join(base, object.folder));
    } catch (error) {
      throw fail(error, file);
    }
  }

  return {
    kind: 'local',
    describe: () => description,
    check,

    testConnection() {
      return runConnectionTest(
        {
          write: (name, data) => writeObject({ folder: null, file: name }, data),
          read: (name) => readObject({ folder: null, file: name }, name),
          remove: (name) => removeObject({ folder: null, file: name }),
        },
        context,
      );
    },

    write: async (name, data, signal) => writeObject(parseObjectName(name), data, signal),
    read: async (name) => readObject(parseObjectName(name), name),
    remove: async (name) => removeObject(parseObjectName(name)),

    async list(prefix) {
      await check();
      const objects: StoredObject[] = [];
      try {
        for (const entry of await entriesOf(base)) {
          if (entry.isFile() && matchesPrefix(entry.name, prefix)) {
            objects.push({ name: entry.name, size: (await stat(path.join(base, entry.name))).size });
          } else if (entry.isDirectory() && isObjectName(entry.name) && folderMayMatch(entry.name, prefix)) {
            for (const inner of await entriesOf(path.join(base, entry.name))) {
              const name = `${entry.name}/${inner.name}`;
              if (inner.isFile() && matchesPrefix(name, prefix))
                objects.push({ name, size: (await stat(path.join(base, name))).size });
            }
          }
        }
      } catch (error) {
        throw fail(error, base);
      }
      return sortByName(objects);
    },

    async removeLeftovers() {
      await check();
      try {
        for (const entry of await entriesOf(base)) {
          if (entry.isFile() && isLeftoverName(entry.name))
            await rm(path.join(base, entry.name), { force: true });
          if (!entry.isDirectory() || !isObjectName(entry.name)) continue;
          const folder = path.join(base, entry.name);
          const leftovers = (await entriesOf(folder)).filter((e) => e.isFile() && isLeftoverName(e.name));
          for (const leftover of leftovers) await rm(path.join(folder, leftover.name), { force: true });
          if (leftovers.length > 0) await removeFolderIfEmpty(folder);
        }
      } catch (error) {
        throw fail(error, base);
      }
    },

    async close() {
      /* nothing is held open between operations */
    },
  };
}

/** A folder the disk does not have yet (nothing written) has no entries. */
async function entriesOf(folder: string) {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function removeFolderIfEmpty(folder: string): Promise<void> {
  try {
    await rmdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
  }
}
