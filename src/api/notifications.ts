// Routes of system notifications (Configuration → Notifications) and of the mail outbox they go through.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Notifications } from '../capabilities/notifications/index.js';
import type { MailOutbox } from '../capabilities/smtp/index.js';
import type { AuditLog } from '../store/audit-log.js';
import { requireCaller } from './authentication.js';
import { MailAddress, Message } from './common-schemas.js';
import { ErrorBody } from './errors.js';

const Percent = Type.Integer({ minimum: 1, maximum: 100 });
const AbsolutePath = Type.String({ pattern: '^/', minLength: 1, maxLength: 4096 });

const ChecksSchema = Type.Object(
  {
    disk: Type.Object(
      { enabled: Type.Boolean(), warningPercent: Percent, criticalPercent: Percent },
      { additionalProperties: false },
    ),
    memory: Type.Object(
      { enabled: Type.Boolean(), warningPercent: Percent },
      { additionalProperties: false },
    ),
    load: Type.Object(
      { enabled: Type.Boolean(), warningPerCpu: Type.Number({ minimum: 0.1, maximum: 100 }) },
      { additionalProperties: false },
    ),
    uptime: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
    updates: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
    reboots: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
    temperature: Type.Object(
      {
        enabled: Type.Boolean(),
        warningCelsius: Type.Integer({ minimum: 30, maximum: 120 }),
        criticalCelsius: Type.Integer({ minimum: 30, maximum: 120 }),
      },
      { additionalProperties: false },
    ),
    smart: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
    backup: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const NotificationSettingsSchema = Type.Object(
  {
    frequency: Type.Union([
      Type.Literal('off'),
      Type.Literal('hourly'),
      Type.Literal('daily'),
      Type.Literal('weekly'),
      Type.Literal('monthly'),
    ]),
    timeOfDay: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
    recipients: Type.Array(MailAddress, { maxItems: 10 }),
    language: Type.Union([Type.Literal('de'), Type.Literal('en')]),
    checks: ChecksSchema,
    services: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' }), { maxItems: 50 }),
    extraFolders: Type.Array(AbsolutePath, { maxItems: 20 }),
    alerts: Type.Object(
      { enabled: Type.Boolean(), repeatHours: Type.Integer({ minimum: 1, maximum: 168 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/**
 * What a client saves: checks it leaves out keep their settings, so a client written before a check
 * existed goes on working.
 */
export const NotificationSettingsInputSchema = Type.Object(
  {
    ...NotificationSettingsSchema.properties,
    checks: Type.Partial(ChecksSchema, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const NotificationsViewSchema = Type.Object({
  settings: NotificationSettingsSchema,
  smtpActive: Type.Boolean(),
  lastReportAt: Type.Union([Type.String(), Type.Null()]),
});

export const QueuedMailSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  createdAt: Type.String(),
  subject: Type.String(),
  recipients: Type.Array(Type.String()),
  state: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.Intersect([Message, Type.Object({ reason: Type.String() })]), Type.Null()]),
});

export function registerNotificationRoutes(
  server: FastifyInstance,
  deps: { notifications: Notifications; outbox: MailOutbox; audit: AuditLog },
): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
  const { notifications, outbox, audit } = deps;

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Notification settings, whether mail can go out, the last report',
        response: { 200: NotificationsViewSchema, ...errors },
      },
    },
    async () => notifications.view(),
  );

  app.put(
    '/api/v1/notifications/settings',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Save the notification settings (reports need an active SMTP account)',
        body: NotificationSettingsInputSchema,
        response: { 200: NotificationsViewSchema, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const view = notifications.saveSettings(request.body);
      audit.record(caller.user.name, 'notifications.settings', undefined, {
        frequency: request.body.frequency,
      });
      return view;
    },
  );

  app.post(
    '/api/v1/notifications/report',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Build a report now and put it into the outbox',
        response: { 200: Type.Object({ id: Type.Integer(), subject: Type.String() }), ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      audit.record(caller.user.name, 'notifications.report');
      return notifications.sendReport('owner');
    },
  );

  app.put(
    '/api/v1/notifications/services/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Monitor a service or stop monitoring it (the per-service "Notifications?" switch)',
        params: Type.Object({ id: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' }) }),
        body: Type.Object({ monitored: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: NotificationsViewSchema, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const view = notifications.setMonitored(request.params.id, request.body.monitored);
      audit.record(caller.user.name, 'notifications.service', request.params.id, {
        monitored: request.body.monitored,
      });
      return view;
    },
  );

  app.get(
    '/api/v1/smtp/outbox',
    {
      schema: {
        tags: ['smtp'],
        summary: 'Mails waiting to go out, and the last ones sent',
        response: { 200: Type.Object({ mails: Type.Array(QueuedMailSchema) }), ...errors },
      },
    },
    async () => ({ mails: outbox.list() }),
  );

  app.post(
    '/api/v1/smtp/outbox/send',
    {
      schema: {
        tags: ['smtp'],
        summary: 'Try every waiting mail now, without waiting for its next attempt',
        response: { 200: Type.Object({ mails: Type.Array(QueuedMailSchema) }), ...errors },
      },
    },
    async (request) => {
      requireCaller(request);
      await outbox.flush({ all: true });
      return { mails: outbox.list() };
    },
  );
}
