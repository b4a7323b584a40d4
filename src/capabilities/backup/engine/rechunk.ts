// Regroups a byte stream into chunks of one size, each in memory of its own. A volume crosses between a
// worker and the main thread in these chunks (packed ones out, ones to restore in): memory of its own is
// transferred instead of copied, and a message per MiB costs less than eight for pieces of 128 KiB.

/** Bytes per chunk of a volume that crosses between a worker and the main thread. */
export const CHUNK_BYTES = 1024 * 1024;

export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let chunk = Buffer.allocUnsafeSlow(size);
  let filled = 0;
  for await (const piece of source) {
    // A piece that is a chunk already, in memory of its own (a local disk's reads), goes as it is.
    if (filled === 0 && piece.length === size && piece.byteOffset === 0 && piece.buffer.byteLength === size) {
      yield Buffer.from(piece.buffer, 0, size);
      continue;
    }
    let offset = 0;
    while (offset < piece.length) {
      const length = Math.min(size - filled, piece.length - offset);
      chunk.set(piece.subarray(offset, offset + length), filled);
      filled += length;
      offset += length;
      if (filled === size) {
        yield chunk;
        chunk = Buffer.allocUnsafeSlow(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) {
    const last = Buffer.allocUnsafeSlow(filled);
    chunk.copy(last, 0, 0, filled);
    yield last;
  }
}
