// Routes for first-run setup, login and logout.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { LoginThrottle, Sessions, User, UserAccounts } from '../capabilities/users/index.js';
import { HausmeisterError } from '../errors.js';
import type { AuditLog } from '../store/audit-log.js';
import { SESSION_COOKIE, setSessionCookie } from './authentication.js';
import { ErrorBody } from './errors.js';

export interface AuthRouteDeps {
  accounts: UserAccounts;
  sessions: Sessions;
  throttle: LoginThrottle;
  audit: AuditLog;
}

const SessionState = Type.Object({
  setupRequired: Type.Boolean(),
  user: Type.Union([Type.Object({ name: Type.String(), role: Type.String() }), Type.Null()]),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

const Credentials = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export function registerAuthRoutes(server: FastifyInstance, deps: AuthRouteDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const sessionState = (request: FastifyRequest) => ({
    setupRequired: deps.accounts.setupRequired(),
    user: request.caller ? { name: request.caller.user.name, role: request.caller.user.role } : null,
    csrfToken: request.caller?.csrfToken ?? null,
  });

  // A new session for every login: a token from before the login (session fixation) is never reused.
  const startSession = (user: User, request: FastifyRequest, reply: FastifyReply) => {
    const session = deps.sessions.create(user.id);
    setSessionCookie(request, reply, session.token, session.expiresAt);
    return { setupRequired: false, user: { name: user.name, role: user.role }, csrfToken: session.csrfToken };
  };

  app.get(
    '/api/v1/session',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Who is logged in, and whether the owner must still be created',
        response: { 200: SessionState },
      },
    },
    async (request) => sessionState(request),
  );

  app.post(
    '/api/v1/setup',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Create the owner account (first run only)',
        body: Credentials,
        response: { 200: SessionState, '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const user = await deps.accounts.createOwner(request.body.username, request.body.password);
      deps.audit.record(user.name, 'owner.created', user.name);
      return startSession(user, request, reply);
    },
  );

  app.post(
    '/api/v1/login',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in',
        body: Credentials,
        response: { 200: SessionState, '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const keys = [`ip:${request.ip}`, `user:${username.toLowerCase()}`];
      const wait = deps.throttle.retryAfterSeconds(keys);
      if (wait > 0) {
        throw new HausmeisterError('RATE_LIMITED', {
          messageKey: 'auth.error.rateLimited',
          params: { retryAfterSeconds: wait },
        });
      }
      const user = await deps.accounts.verify(username, password);
      if (!user) {
        deps.throttle.fail(keys);
        request.log.warn({ username, ip: request.ip }, 'failed login');
        throw new HausmeisterError('UNAUTHENTICATED', { messageKey: 'auth.error.invalidCredentials' });
      }
      deps.throttle.succeed(keys);
      deps.audit.record(user.name, 'login', user.name, { ip: request.ip });
      return startSession(user, request, reply);
    },
  );

  app.post(
    '/api/v1/logout',
    {
      schema: { tags: ['auth'], summary: 'Log out', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      if (request.caller?.sessionToken) deps.sessions.destroy(request.caller.sessionToken);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
}
