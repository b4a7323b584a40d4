// Streams data into a file that appears complete or not at all: temp file, fsync, rename, fsync folder.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { addAbortSignal, type Readable } from 'node:stream';
import { abortReason } from '../backup-target-shared/target-errors.js';
import { tempNameFor } from '../backup-target-shared/object-names.js';

/**
 * Writes chunk by chunk (bounded memory, whatever the size). On any failure or abort the temp file is
 * removed and the promise rejects; an abort rejects with the signal's reason.
 */
export async function writeFileAtomically(
  folder: string,
  file: string,
  data: Readable,
  signal?: AbortSignal,
): Promise<number> {
  if (signal?.aborted) throw abortReason(signal);
  const temp = path.join(folder, tempNameFor(file));
  const handle = await open(temp, 'wx', 0o600);
  let handleOpen = true;
  let bytes = 0;
  try {
    // Destroys the source on abort, which ends the loop below at once, even while it waits for data.
    if (signal) addAbortSignal(signal, data);
    for await (const chunk of data) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      await writeAll(handle, buffer);
      bytes += buffer.length;
    }
    await handle.sync();
    handleOpen = false;
    await handle.close();
    await rename(temp, path.join(folder, file));
    await syncFolder(folder);
    return bytes;
  } catch (error) {
    if (handleOpen) await handle.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    if (signal?.aborted) throw abortReason(signal);
    data.destroy();
    throw error;
  }
}

/** A write may store fewer bytes than asked (the last ones before the disk is full). */
async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}

/** The rename itself is only durable once the folder's entry is on the disk. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
