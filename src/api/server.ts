// Builds the HTTP server: plugins, authentication, the API routes, the OpenAPI document and the web UI.
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import secureJson from 'secure-json-parse';
import type { Backups } from '../capabilities/backup/index.js';
import type { Firewall } from '../capabilities/firewall/index.js';
import type { Services } from '../capabilities/services/index.js';
import type { Notifications } from '../capabilities/notifications/index.js';
import type { MailOutbox, Smtp } from '../capabilities/smtp/index.js';
import type { LoginThrottle, Sessions, UserAccounts } from '../capabilities/users/index.js';
import type { MountedDisk } from '../drivers/disks/mounted-disks.js';
import type { EventBus } from '../events/event-bus.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../store/audit-log.js';
import { registerAuthRoutes } from './auth.js';
import { registerAuthentication } from './authentication.js';
import { registerBackupRoutes } from './backup.js';
import { handleError } from './errors.js';
import { lazyCompilers } from './lazy-compilers.js';
import { registerEventRoutes } from './events.js';
import { registerFirewallRoutes } from './firewall.js';
import { registerServiceRoutes } from './services.js';
import { registerNotificationRoutes } from './notifications.js';
import { registerSmtpRoutes } from './smtp.js';
import { registerWebEntryProxy } from './web-entries.js';

export interface ServerDeps {
  log: Logger;
  accounts: UserAccounts;
  sessions: Sessions;
  throttle: LoginThrottle;
  audit: AuditLog;
  services: Services;
  firewall: Firewall;
  backups: Backups;
  smtp: Smtp;
  outbox: MailOutbox;
  notifications: Notifications;
  listDisks(): Promise<MountedDisk[]>;
  bus: EventBus;
  cliToken: string;
  webRoot: string;
  webEntryPaths: string[];
  version: string;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  // Typed as the plain instance: route modules take FastifyInstance whatever logger type it carries.
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.log,
    logController: new LogController({ disableRequestLogging: true }),
    // Open event streams must not keep the daemon from shutting down.
    forceCloseConnections: true,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true, discriminator: true },
    },
    schemaController: { compilersFactory: lazyCompilers },
  }) as unknown as FastifyInstance;
  app.setErrorHandler(handleError);
  // An empty body with a JSON content type (e.g. a POST without payload) means "no body", not an error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(
        null,
        secureJson.parse(body as string, undefined, { protoAction: 'error', constructorAction: 'error' }),
      );
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hausmeister API',
        version: deps.version,
        description: 'The REST API of the Hausmeister home-server cockpit.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hm_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  registerAuthentication(app, { accounts: deps.accounts, sessions: deps.sessions, cliToken: deps.cliToken });

  registerAuthRoutes(app, deps);
  registerServiceRoutes(app, deps);
  registerFirewallRoutes(app, deps.firewall);
  registerBackupRoutes(app, deps);
  registerSmtpRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerEventRoutes(app, deps.bus);
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await registerWebEntryProxy(app, deps.services, deps.webEntryPaths);

  if (existsSync(path.join(deps.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: deps.webRoot, wildcard: false, index: ['index.html'] });
    // Client-side routes (e.g. /services) get the app shell; unknown API paths stay 404.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply
        .status(404)
        .send({ error: { reason: 'NOT_FOUND', messageKey: 'error.notFound', params: {} } });
    });
  } else {
    deps.log.warn({ webRoot: deps.webRoot }, 'web UI not built (run `npm run build`); serving the API only');
  }
  return app;
}
