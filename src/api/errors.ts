// Turns typed capability errors into HTTP statuses and the one error body the UI understands.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { HausmeisterError, isHausmeisterError, type ErrorReason } from '../errors.js';

export const ErrorBody = Type.Object({
  error: Type.Object({
    reason: Type.String(),
    messageKey: Type.String(),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
    fields: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String(),
          messageKey: Type.String(),
          params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
        }),
      ),
    ),
  }),
});

const STATUS: Record<ErrorReason, number> = {
  BAD_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LOCKED: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  PACKAGE_MISSING: 409,
  START_FAILED: 409,
  STOP_FAILED: 409,
  CONFIG_INVALID: 422,
  APPLY_FAILED: 500,
  COMMAND_FAILED: 500,
  TARGET_UNAVAILABLE: 503,
  WRONG_PASSPHRASE: 400,
  INTEGRITY: 500,
  SMTP_NOT_ACTIVE: 409,
  // The owner's mail server said no or could not be reached: a bad gateway, not our fault or theirs.
  SMTP_AUTH_FAILED: 502,
  SMTP_NO_STARTTLS: 502,
  SMTP_TLS_FAILED: 502,
  SMTP_UNREACHABLE: 502,
  SMTP_TIMEOUT: 504,
  SMTP_SENDER_REJECTED: 502,
  SMTP_RECIPIENT_REJECTED: 502,
  SMTP_REJECTED: 502,
  INTERNAL: 500,
};

export function errorBody(error: HausmeisterError) {
  return {
    error: {
      reason: error.reason,
      messageKey: error.messageKey,
      params: error.params,
      ...(error.fields.length > 0 ? { fields: error.fields } : {}),
    },
  };
}

/**
 * The offending field as a dotted path (`targets.0.port`). A missing field, an unknown one, or the
 * `kind` no shape has is named by the error's parameters, below the object the error is about.
 */
function fieldOf(instancePath: string, params: Record<string, unknown> | undefined): string {
  const below = params?.missingProperty ?? params?.additionalProperty ?? params?.tag;
  const segments = instancePath.split('/').filter(Boolean);
  if (typeof below === 'string') segments.push(below);
  return segments.join('.');
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (isHausmeisterError(error)) {
    const status = STATUS[error.reason];
    if (status >= 500) request.log.error({ err: error, detail: error.detail }, error.messageKey);
    if (error.reason === 'RATE_LIMITED' && error.params.retryAfterSeconds !== undefined) {
      void reply.header('Retry-After', String(error.params.retryAfterSeconds));
    }
    void reply.status(status).send(errorBody(error));
    return;
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    // Schema validation failed before the handler ran: report each offending field.
    const fields = fastifyError.validation.map((v) => ({
      field: fieldOf(v.instancePath, v.params),
      messageKey: `validation.${v.keyword}`,
      params: Object.fromEntries(
        Object.entries(v.params ?? {}).filter(
          ([, value]) => typeof value === 'string' || typeof value === 'number',
        ),
      ) as Record<string, string | number>,
    }));
    void reply
      .status(400)
      .send(errorBody(new HausmeisterError('BAD_INPUT', { messageKey: 'error.badInput', fields })));
    return;
  }
  if (fastifyError.statusCode === 429) {
    void reply.status(429).send(
      errorBody(
        new HausmeisterError('RATE_LIMITED', {
          messageKey: 'auth.error.rateLimited',
          params: { retryAfterSeconds: 60 },
        }),
      ),
    );
    return;
  }
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    void reply
      .status(fastifyError.statusCode)
      .send(
        errorBody(
          new HausmeisterError('BAD_INPUT', { messageKey: 'error.badInput', detail: fastifyError.message }),
        ),
      );
    return;
  }
  request.log.error({ err: error }, 'unexpected error');
  void reply.status(500).send(errorBody(new HausmeisterError('INTERNAL', { messageKey: 'error.internal' })));
}
