// "Test connection", the same on every target: write a small probe, read it back, compare, delete it.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { probeName } from './object-names.js';
import { targetUnavailable, type TargetContext } from './target-errors.js';

/** The driver's own operations, without the name check (the probe's leading dot is reserved for it). */
export interface ProbeOperations {
  write(name: string, data: Readable): Promise<unknown>;
  read(name: string): Promise<Readable>;
  remove(name: string): Promise<void>;
}

export async function runConnectionTest(operations: ProbeOperations, context: TargetContext): Promise<void> {
  const name = probeName();
  const content = Buffer.concat([Buffer.from('hausmeister probe\n'), randomBytes(64)]);
  await operations.write(name, Readable.from([content]));
  try {
    const back = await readAtMost(await operations.read(name), content.length + 1);
    if (!back.equals(content))
      throw targetUnavailable(
        { messageKey: 'backup.target.error.probeMismatch' },
        context,
        `probe read back ${back.length} bytes, wrote ${content.length}`,
      );
  } catch (error) {
    await operations.remove(name).catch(() => undefined);
    throw error;
  }
  // Not best effort: pruning old backups needs delete permission, so a failure here must show.
  await operations.remove(name);
}

async function readAtMost(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    chunks.push(buffer);
    length += buffer.length;
    if (length >= limit) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks);
}
