// The backup target "folder on an FTP server", plain FTP or FTPS, through basic-ftp.
import { describeTarget } from '../../capabilities/backup/target-description.js';
import { PassThrough, type Readable } from 'node:stream';
import { FTPError, type Client } from 'basic-ftp';
import type { BackupTarget, FtpTargetConfig, StoredObject } from '../../capabilities/backup/backup-target.js';
import { countBytes } from '../backup-target-shared/byte-counter.js';
import { runConnectionTest } from '../backup-target-shared/connection-test.js';
import {
  folderMayMatch,
  isLeftoverName,
  isObjectName,
  matchesPrefix,
  parseObjectName,
  sortByName,
  tempNameFor,
  type ObjectPath,
} from '../backup-target-shared/object-names.js';
import { relayStream } from '../backup-target-shared/relay-stream.js';
import {
  abortReason,
  objectNotFound,
  targetUnavailable,
  type TargetContext,
} from '../backup-target-shared/target-errors.js';
import { isFileUnavailable, mapFtpError } from './ftp-errors.js';
import { createFtpSession } from './ftp-session.js';

export function createFtpTarget(config: FtpTargetConfig): BackupTarget {
  const description = describeTarget(config);
  const context: TargetContext = {
    target: description,
    host: config.host,
    port: config.port,
    secrets: [config.password],
  };
  const session = createFtpSession(config, context);
  const map = (error: unknown) => mapFtpError(error, 'transfer', context);

  const folderOf = (object: ObjectPath) =>
    object.folder ? joinRemote(session.folder(), object.folder) : session.folder();
  const pathOf = (object: ObjectPath) => joinRemote(folderOf(object), object.file);

  function writeObject(object: ObjectPath, data: Readable, signal?: AbortSignal): Promise<{ bytes: number }> {
    const counted = countBytes(data);
    let started = false;
    // Closing the connection is the one way to stop basic-ftp mid-transfer. While the write still waits
    // for its turn, the connection belongs to another operation and is left alone.
    const onAbort = () => {
      if (started) session.interrupt();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    return session
      .run(async (client) => {
        started = true;
        if (signal?.aborted) throw abortReason(signal);
        const folder = folderOf(object);
        const temp = joinRemote(folder, tempNameFor(object.file));
        try {
          if (object.folder) await client.ensureDir(folder);
          await client.uploadFrom(counted.stream, temp);
          // The server's own count: a data connection that closed early can still end with "226 complete".
          const stored = await client.size(temp);
          if (stored !== counted.bytes()) {
            throw targetUnavailable(
              { messageKey: 'backup.target.error.connectionLost' },
              context,
              `server stored ${stored} of ${counted.bytes()} bytes`,
            );
          }
          await client.rename(temp, pathOf(object));
          return { bytes: counted.bytes() };
        } catch (error) {
          await removeQuietly(client, temp, object.folder ? folder : null);
          if (signal?.aborted) throw abortReason(signal);
          throw map(error);
        }
      })
      .catch((error: unknown) => {
        // Also when the write never got the connection (login failed): the source is not read any more.
        counted.stream.destroy();
        throw error;
      })
      .finally(() => signal?.removeEventListener('abort', onAbort));
  }

  /**
   * After a failed upload, the temp file and a backup folder made for it: best effort, removeLeftovers()
   * takes what is left when the server is gone.
   */
  async function removeQuietly(client: Client, temp: string, folder: string | null): Promise<void> {
    try {
      await session.reconnect();
      await client.remove(temp).catch((error: unknown) => {
        if (!isFileUnavailable(error)) throw error;
      });
      if (folder) await removeFolderIfEmpty(client, folder);
    } catch {
      /* best effort */
    }
  }

  function readObject(object: ObjectPath, name: string): Promise<Readable> {
    return new Promise((resolve, reject) => {
      session
        .run(async (client) => {
          const remote = pathOf(object);
          try {
            await client.size(remote);
          } catch (error) {
            throw isFileUnavailable(error) ? objectNotFound(name) : map(error);
          }
          const download = new PassThrough();
          let finished = false;
          // The connection is this download's until it ends; a reader that gives up early frees it.
          const relay = relayStream(download, map, () => {
            if (!finished) session.interrupt();
          });
          const done = client.downloadTo(download, remote);
          resolve(relay);
          try {
            await done;
            finished = true;
          } catch (error) {
            download.destroy(error as Error);
          }
        })
        .catch(reject);
    });
  }

  function removeObject(object: ObjectPath): Promise<void> {
    return session.run(async (client) => {
      const remote = pathOf(object);
      try {
        await client.remove(remote);
      } catch (error) {
        // 550 means "not found" or "not allowed": only a file that is still there is an error.
        if (!isFileUnavailable(error) || (await sizeOrNull(client, remote)) !== null) throw map(error);
      }
      if (object.folder) await removeFolderIfEmpty(client, folderOf(object));
    });
  }

  return {
    kind: 'ftp',
    describe: () => description,
    check: () => session.run(async () => undefined),

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

    write: async (name, data, signal) => {
      const object = parseObjectName(name);
      if (signal?.aborted) throw abortReason(signal);
      return writeObject(object, data, signal);
    },
    read: async (name) => readObject(parseObjectName(name), name),
    remove: async (name) => removeObject(parseObjectName(name)),

    list(prefix) {
      return session.run(async (client) => {
        const objects: StoredObject[] = [];
        try {
          for (const entry of await client.list(session.folder())) {
            if (entry.isFile && matchesPrefix(entry.name, prefix)) {
              objects.push({ name: entry.name, size: entry.size });
            } else if (entry.isDirectory && isObjectName(entry.name) && folderMayMatch(entry.name, prefix)) {
              for (const inner of await client.list(joinRemote(session.folder(), entry.name))) {
                const name = `${entry.name}/${inner.name}`;
                if (inner.isFile && matchesPrefix(name, prefix)) objects.push({ name, size: inner.size });
              }
            }
          }
        } catch (error) {
          throw map(error);
        }
        return sortByName(objects);
      });
    },

    removeLeftovers() {
      return session.run(async (client) => {
        try {
          const base = session.folder();
          for (const entry of await client.list(base)) {
            if (entry.isFile && isLeftoverName(entry.name)) await client.remove(joinRemote(base, entry.name));
            if (!entry.isDirectory || !isObjectName(entry.name)) continue;
            const folder = joinRemote(base, entry.name);
            const leftovers = (await client.list(folder)).filter((e) => e.isFile && isLeftoverName(e.name));
            for (const leftover of leftovers) await client.remove(joinRemote(folder, leftover.name));
            if (leftovers.length > 0) await removeFolderIfEmpty(client, folder);
          }
        } catch (error) {
          throw map(error);
        }
      });
    },

    close: () => session.close(),
  };
}

function joinRemote(folder: string, name: string): string {
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}

async function sizeOrNull(client: Client, remote: string): Promise<number | null> {
  try {
    return await client.size(remote);
  } catch (error) {
    if (isFileUnavailable(error)) return null;
    throw error;
  }
}

/** The server refuses (550) while the folder still holds something; that is the expected case. */
async function removeFolderIfEmpty(client: Client, folder: string): Promise<void> {
  try {
    await client.removeEmptyDir(folder);
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
  }
}
