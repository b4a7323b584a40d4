// Who is calling: a session cookie (browser, with CSRF token on changes) or the CLI's bearer token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { Sessions, User, UserAccounts } from '../capabilities/users/index.js';
import { HausmeisterError } from '../errors.js';

export const SESSION_COOKIE = 'hm_session';

export interface Caller {
  user: User;
  via: 'session' | 'token';
  csrfToken: string | null;
  sessionToken: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /** Route answers without a login (session state, setup, login, OpenAPI). */
    public?: boolean;
  }
}

export interface AuthenticationDeps {
  accounts: UserAccounts;
  sessions: Sessions;
  /** The CLI's token (kept in a 0600 file in the data folder). */
  cliToken: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerAuthentication(app: FastifyInstance, deps: AuthenticationDeps): void {
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    request.caller = identify(request, deps);
    if (!request.url.startsWith('/api/')) return;
    if (request.routeOptions.config?.public) return;
    if (!request.caller)
      throw new HausmeisterError('UNAUTHENTICATED', { messageKey: 'auth.error.unauthenticated' });
    if (request.caller.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (
        typeof sent !== 'string' ||
        !request.caller.csrfToken ||
        !sameSecret(sent, request.caller.csrfToken)
      ) {
        throw new HausmeisterError('FORBIDDEN', { messageKey: 'auth.error.csrf' });
      }
    }
  });
}

function identify(request: FastifyRequest, deps: AuthenticationDeps): Caller | null {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    const owner = deps.accounts.owner();
    if (owner && sameSecret(authorization.slice(7), deps.cliToken)) {
      return { user: owner, via: 'token', csrfToken: null, sessionToken: null };
    }
    return null;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const session = deps.sessions.lookup(token);
  const user = session ? deps.accounts.byId(session.userId) : null;
  if (!session || !user) return null;
  return { user, via: 'session', csrfToken: session.csrfToken, sessionToken: token };
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expires: Date,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    expires,
  });
}

export function requireCaller(request: FastifyRequest): Caller {
  if (!request.caller)
    throw new HausmeisterError('UNAUTHENTICATED', { messageKey: 'auth.error.unauthenticated' });
  return request.caller;
}
