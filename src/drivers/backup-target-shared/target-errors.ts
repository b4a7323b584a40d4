// Turns what the network, TLS or a storage library throws into TARGET_UNAVAILABLE errors with message keys.
import { HausmeisterError, isHausmeisterError } from '../../errors.js';

/** Who the error is about, for the message's placeholders; `secrets` are cut out of every detail. */
export interface TargetContext {
  /** The target's `describe()`: where it is, never a secret. */
  target: string;
  host: string;
  port: number | string;
  secrets: readonly string[];
}

export interface TargetMessage {
  messageKey: string;
  params?: Record<string, string | number>;
}

/**
 * The cause is not attached: library errors can carry request objects, and the log must never see a
 * password or key. Its message goes into `detail`, with the secrets cut out.
 */
export function targetUnavailable(
  message: TargetMessage,
  context: TargetContext,
  cause?: unknown,
): HausmeisterError {
  return new HausmeisterError('TARGET_UNAVAILABLE', {
    messageKey: message.messageKey,
    params: { target: context.target, host: context.host, port: context.port, ...message.params },
    detail: redact(`${context.target}: ${describeCause(cause)}`, context.secrets),
  });
}

export function objectNotFound(name: string): HausmeisterError {
  return new HausmeisterError('NOT_FOUND', {
    messageKey: 'backup.target.error.notFound',
    params: { name },
    detail: `backup object ${name} does not exist`,
  });
}

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The message for a socket-level failure (refused, unknown host, timeout, TLS, dropped), or null. */
export function networkMessage(error: unknown): TargetMessage | null {
  const code = errorCode(error);
  const text = describeCause(error);
  if (code === 'ECONNREFUSED') return { messageKey: 'backup.target.error.connectionRefused' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return { messageKey: 'backup.target.error.hostNotFound' };
  if (CERTIFICATE_CODES.has(code)) return { messageKey: 'backup.target.error.certificateUntrusted' };
  if (code.startsWith('ERR_SSL') || code === 'EPROTO' || code === 'ERR_TLS_HANDSHAKE_TIMEOUT')
    return { messageKey: 'backup.target.error.tlsFailed' };
  if (
    ['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError'].includes(code) ||
    /^Timeout \(/.test(text)
  )
    return { messageKey: 'backup.target.error.timeout' };
  if (
    ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code) ||
    /FIN packet unexpectedly|closed connection unexpectedly|transmission error|socket hang up/i.test(text)
  )
    return { messageKey: 'backup.target.error.connectionLost' };
  return null;
}

/** The error's code (`ECONNREFUSED`), looking into `cause` as the AWS SDK nests them; else its name. */
export function errorCode(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '0') return code;
    current = (current as { cause?: unknown }).cause;
  }
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}

export function describeCause(cause: unknown): string {
  if (cause === undefined) return 'failed';
  if (cause instanceof Error) return cause.message || cause.name;
  return String(cause);
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length > 0) result = result.split(secret).join('***');
  return result;
}

/** Keeps a HausmeisterError as it is; anything else goes through `map`. */
export function asTargetError(error: unknown, map: (error: unknown) => HausmeisterError): HausmeisterError {
  return isHausmeisterError(error) ? error : map(error);
}

/** What an aborted write rejects with: the reason given to `abort()`, as node's own streams do. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The write was aborted', 'AbortError');
}
