// Serves each running service's own web interface under its path on the cockpit (e.g. /dav → Radicale).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
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
const METHODS = [...DAV_METHODS, 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'];

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded.
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
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
    for (const prefix of paths) {
      const handler = (request: FastifyRequest, reply: FastifyReply) =>
        forward(request, reply, services, prefix);
      scope.route({ method: METHODS, url: prefix, handler });
      scope.route({ method: METHODS, url: `${prefix}/*`, handler });
    }
  });
}

function forwardedHeaders(
  headers: IncomingHttpHeaders,
  request: FastifyRequest,
  prefix: string,
): IncomingHttpHeaders {
  const result: IncomingHttpHeaders = { ...headers };
  for (const name of HOP_BY_HOP) delete result[name];
  // The cockpit's session cookie is none of the service's business.
  delete result.cookie;
  return {
    ...result,
    // Radicale builds its links from X-Script-Name, so they keep the /dav prefix.
    'x-script-name': prefix,
    'x-forwarded-prefix': prefix,
    'x-forwarded-for': request.ip,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': headers.host ?? '',
  };
}

async function forward(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  prefix: string,
): Promise<void> {
  const target = services.webTarget(prefix);
  if (!target) {
    throw new HausmeisterError('NOT_FOUND', {
      messageKey: 'services.error.webEntryStopped',
      params: { path: prefix },
    });
  }
  const path = request.url.slice(prefix.length) || '/';
  reply.hijack();
  await new Promise<void>((resolve) => {
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: target.port,
        method: request.method,
        path,
        headers: forwardedHeaders(request.headers, request, prefix),
      },
      (response) => {
        const headers = { ...response.headers };
        for (const name of HOP_BY_HOP) delete headers[name];
        reply.raw.writeHead(response.statusCode ?? 502, headers);
        response.pipe(reply.raw);
        response.on('end', resolve);
        response.on('error', () => {
          reply.raw.destroy();
          resolve();
        });
      },
    );
    upstream.on('error', (error) => {
      request.log.warn({ err: error, service: target.serviceId }, 'web entry proxy failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        reply.raw.end(`The service ${target.serviceId} did not answer.\n`);
      } else reply.raw.destroy();
      resolve();
    });
    request.raw.pipe(upstream);
  });
}
