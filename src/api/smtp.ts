// Routes of the outgoing mail server (Configuration → SMTP account): the account, saving a draft, and
// the test mail that activates it. The password only ever goes in.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Smtp } from '../capabilities/smtp/index.js';
import type { AuditLog } from '../store/audit-log.js';
import { requireCaller } from './authentication.js';
import { Host, MailAddress, Message } from './common-schemas.js';
import { ErrorBody } from './errors.js';

const Security = Type.Union([Type.Literal('starttls'), Type.Literal('tls')]);

const AccountFields = {
  host: Host,
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  security: Security,
  username: Type.String({ minLength: 1, maxLength: 256 }),
  from: MailAddress,
};

export const SmtpInputSchema = Type.Object(
  { ...AccountFields, password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })) },
  { additionalProperties: false },
);

const StoredFields = { ...AccountFields, hasPassword: Type.Boolean() };

export const SmtpViewSchema = Type.Object({
  active: Type.Union([Type.Object({ ...StoredFields, activatedAt: Type.String() }), Type.Null()]),
  draft: Type.Union([Type.Object({ ...StoredFields, savedAt: Type.String() }), Type.Null()]),
  lastTest: Type.Union([
    Type.Object({
      at: Type.String(),
      recipient: Type.String(),
      ok: Type.Boolean(),
      error: Type.Optional(Type.Intersect([Message, Type.Object({ reason: Type.String() })])),
    }),
    Type.Null(),
  ]),
});

export const SmtpTestInputSchema = Type.Object(
  {
    recipient: MailAddress,
    language: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export function registerSmtpRoutes(server: FastifyInstance, deps: { smtp: Smtp; audit: AuditLog }): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
  const tags = ['smtp'];
  const { smtp, audit } = deps;

  app.get(
    '/api/v1/smtp',
    {
      schema: {
        tags,
        summary: 'The active SMTP account, the draft and the last test',
        response: { 200: SmtpViewSchema, ...errors },
      },
    },
    async () => smtp.view(),
  );

  app.put(
    '/api/v1/smtp/draft',
    {
      schema: {
        tags,
        summary: 'Save SMTP settings as a draft (active only after a test mail went out)',
        body: SmtpInputSchema,
        response: { 200: SmtpViewSchema, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const view = smtp.saveDraft(request.body);
      audit.record(caller.user.name, 'smtp.draft', request.body.host, {
        port: request.body.port,
        security: request.body.security,
        passwordChanged: Boolean(request.body.password),
      });
      return view;
    },
  );

  app.delete(
    '/api/v1/smtp/draft',
    { schema: { tags, summary: 'Discard the draft', response: { 200: SmtpViewSchema, ...errors } } },
    async (request) => {
      const caller = requireCaller(request);
      audit.record(caller.user.name, 'smtp.draft.discard');
      return smtp.discardDraft();
    },
  );

  app.post(
    '/api/v1/smtp/test',
    {
      schema: {
        tags,
        summary: 'Send a test mail through the draft (or the active account); success activates the draft',
        body: SmtpTestInputSchema,
        response: {
          200: Type.Object({
            ok: Type.Literal(true),
            activated: Type.Boolean(),
            response: Type.String(),
            account: SmtpViewSchema,
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      try {
        const result = await smtp.test(request.body.recipient, request.body.language ?? 'en');
        audit.record(caller.user.name, 'smtp.test', request.body.recipient, {
          ok: true,
          activated: result.activated,
        });
        return result;
      } catch (error) {
        audit.record(caller.user.name, 'smtp.test', request.body.recipient, { ok: false });
        throw error;
      }
    },
  );
}
