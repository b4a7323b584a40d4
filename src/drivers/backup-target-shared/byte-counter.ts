// Counts the bytes a write streams through, so the driver can report them and compare with the server.
import { pipeline, Transform, type Readable } from 'node:stream';

export interface CountedStream {
  stream: Readable;
  bytes(): number;
}

/** The source's errors reach the counted stream, and destroying the counted stream destroys the source. */
export function countBytes(source: Readable): CountedStream {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  pipeline(source, counter, () => undefined);
  return { stream: counter, bytes: () => bytes };
}
