// The structured logger every module receives (pino, shared with Fastify).
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export function createLogger(level = process.env.HAUSMEISTER_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    // Secrets must never reach the log, even when someone logs a whole request or settings object.
    redact: {
      paths: [
        'password',
        '*.password',
        '*.*.password',
        'secret',
        '*.secret',
        'token',
        '*.token',
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
      ],
      censor: '[redacted]',
    },
  });
}

export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
