// Serves each running service's own web interface under its path on the cockpit (e.g. /dav → Radicale).
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../capabilities/services/index.js';
import { HausmeisterError } from '../errors.js';

// CalDAV/CardDAV clients speak WebDAV: the proxy must let these methods through, with bodies.
const DAV_METHODS = [
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'MKCALENDAR',
  'REPORT',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
];

export async function registerWebEntryProxy(
  app: FastifyInstance,
  services: Services,
  paths: string[],
): Promise<void> {
  for (const method of DAV_METHODS) {
    if (!app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true });
  }
  await app.register(async (scope) => {
    // Bodies go to the service untouched (XML for DAV, anything for web UIs): no parsing in this scope.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    await scope.register(replyFrom, { undici: { connections: 16, pipelining: 1 } });
    registerRoutes(scope, services, paths);
  });
}

function registerRoutes(app: FastifyInstance, services: Services, paths: string[]): void {
  for (const prefix of paths) {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const target = services.webTarget(prefix);
      if (!target) {
        throw new HausmeisterError('NOT_FOUND', {
          messageKey: 'services.error.webEntryStopped',
          params: { path: prefix },
        });
      }
      const path = request.url.slice(prefix.length) || '/';
      return reply.from(`http://127.0.0.1:${target.port}${path}`, {
        // Radicale builds its links from X-Script-Name, so they keep the /dav prefix.
        rewriteRequestHeaders: (_req, headers) => {
          // The cockpit's session cookie is none of the service's business.
          const { cookie: _cookie, ...rest } = headers;
          return { ...rest, 'x-script-name': prefix, 'x-forwarded-prefix': prefix };
        },
      });
    };
    app.route({
      method: [...DAV_METHODS, 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      url: prefix,
      handler,
    });
    app.route({
      method: [...DAV_METHODS, 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      url: `${prefix}/*`,
      handler,
    });
  }
}
