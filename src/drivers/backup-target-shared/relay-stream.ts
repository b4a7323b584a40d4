// Hands a library's download stream to the caller with errors mapped to HausmeisterErrors.
import { PassThrough, type Readable } from 'node:stream';

/**
 * `.pipe` rather than `pipeline`: pipeline would destroy the caller's stream with the raw library error
 * before we could map it. A caller that stops reading early destroys the relay, which ends the download.
 */
export function relayStream(
  source: Readable,
  mapError: (error: unknown) => Error,
  onEarlyClose?: () => void,
): Readable {
  const relay = new PassThrough();
  let ended = false;
  source.on('error', (error) => relay.destroy(mapError(error)));
  source.on('end', () => (ended = true));
  relay.on('close', () => {
    if (!ended) {
      source.destroy();
      onEarlyClose?.();
    }
  });
  source.pipe(relay);
  return relay;
}
