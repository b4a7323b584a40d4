// A service's log file: opened for appending (mode 0600), kept below a size cap, and read from its end.
import { copyFile, mkdir, open, rename, stat, truncate } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;

const TAIL_CHUNK_BYTES = 64 * 1024;

export interface ServiceLog {
  /** File descriptor to hand to the child as its stdout and stderr. */
  fd: number;
  /** Size of the file when opened: where this run's output begins. */
  offset: number;
  close(): Promise<void>;
}

/** Opens the log for a new run; a log past `maxBytes` is first rotated to `<file>.1`. */
export async function openServiceLog(file: string, maxBytes = DEFAULT_MAX_LOG_BYTES): Promise<ServiceLog> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  if ((await sizeOf(file)) > maxBytes) await rename(file, `${file}.1`);
  const handle = await open(file, 'a', 0o600);
  try {
    // A log left by an older version may have a wider mode; service output can contain secrets.
    await handle.chmod(0o600);
    const { size } = await handle.stat();
    return { fd: handle.fd, offset: size, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Caps the log of a running service: copies it to `<file>.1` and empties it. Renaming would not do,
 * because the child keeps writing through its open descriptor into the renamed file; emptying keeps
 * that descriptor valid (it appends, so it continues at the new end), as logrotate's copytruncate.
 * Lines written between the copy and the truncation are lost. Returns whether it rotated.
 */
export async function capServiceLog(file: string, maxBytes = DEFAULT_MAX_LOG_BYTES): Promise<boolean> {
  if ((await sizeOf(file)) <= maxBytes) return false;
  await copyFile(file, `${file}.1`);
  await truncate(file, 0);
  return true;
}

/**
 * The last `count` lines of the file, reading backwards from its end in chunks so a large log is not
 * read whole. `from` limits the search to what was written after that offset (one run's output).
 */
export async function readLastLines(file: string, count: number, from = 0): Promise<string[]> {
  if (count <= 0) return [];
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const { size } = await handle.stat();
    // The log was emptied by capServiceLog since `from` was taken: everything in it is newer.
    const start = from <= size ? from : 0;
    const chunks: Buffer[] = [];
    let position = size;
    let newlines = 0;
    // count + 1 newlines guarantee `count` whole lines even when the file ends with a newline.
    while (position > start && newlines <= count) {
      const length = Math.min(TAIL_CHUNK_BYTES, position - start);
      position -= length;
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      const chunk = buffer.subarray(0, bytesRead);
      chunks.unshift(chunk);
      for (const byte of chunk) if (byte === 0x0a) newlines++;
    }
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (position > start) lines.shift(); // cut in the middle
    return lines.slice(-count);
  } finally {
    await handle.close();
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
