// Typed errors that carry a reason code, a message key for the UI (de/en) and details for the log.
// Only src/api turns a reason into an HTTP status.

export type ErrorReason =
  | 'BAD_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'LOCKED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'PACKAGE_MISSING'
  | 'START_FAILED'
  | 'STOP_FAILED'
  | 'CONFIG_INVALID'
  | 'APPLY_FAILED'
  | 'COMMAND_FAILED'
  | 'TARGET_UNAVAILABLE'
  | 'WRONG_PASSPHRASE'
  | 'INTEGRITY'
  | 'SMTP_NOT_ACTIVE'
  | 'SMTP_AUTH_FAILED'
  | 'SMTP_NO_STARTTLS'
  | 'SMTP_TLS_FAILED'
  | 'SMTP_UNREACHABLE'
  | 'SMTP_TIMEOUT'
  | 'SMTP_SENDER_REJECTED'
  | 'SMTP_RECIPIENT_REJECTED'
  | 'SMTP_REJECTED'
  | 'INTERNAL';

export interface FieldError {
  field: string;
  /** Translation key, e.g. `settings.error.max`. */
  messageKey: string;
  params?: Record<string, string | number>;
}

export interface HausmeisterErrorOptions {
  /** Translation key shown to the user; params fill its placeholders. */
  messageKey: string;
  params?: Record<string, string | number>;
  /** Detail for the log only (never secrets). */
  detail?: string;
  fields?: FieldError[];
  cause?: unknown;
}

export class HausmeisterError extends Error {
  readonly reason: ErrorReason;
  readonly messageKey: string;
  readonly params: Record<string, string | number>;
  readonly fields: FieldError[];
  readonly detail: string | undefined;

  constructor(reason: ErrorReason, options: HausmeisterErrorOptions) {
    super(options.detail ?? options.messageKey, { cause: options.cause });
    this.name = 'HausmeisterError';
    this.reason = reason;
    this.messageKey = options.messageKey;
    this.params = options.params ?? {};
    this.fields = options.fields ?? [];
    this.detail = options.detail;
  }
}

export function isHausmeisterError(error: unknown): error is HausmeisterError {
  return error instanceof HausmeisterError;
}
