// Routes of the services capability: list, start, stop, settings, logs, package install.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Services } from '../capabilities/services/index.js';
import type { EventBus } from '../events/event-bus.js';
import type { AuditLog } from '../store/audit-log.js';
import { requireCaller } from './authentication.js';
import { ErrorBody } from './errors.js';

export interface ServiceRouteDeps {
  services: Services;
  audit: AuditLog;
  bus: EventBus;
}

const Localized = Type.Object({ de: Type.String(), en: Type.String() });
const Reason = Type.Object({
  messageKey: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  detail: Type.Optional(Type.String()),
});

export const ServiceViewSchema = Type.Object(
  {
    id: Type.String(),
    name: Localized,
    description: Localized,
    icon: Type.String(),
    locked: Type.Boolean(),
    builtin: Type.Boolean(),
    state: Type.Union([
      Type.Literal('stopped'),
      Type.Literal('starting'),
      Type.Literal('running'),
      Type.Literal('stopping'),
      Type.Literal('failed'),
    ]),
    enabled: Type.Boolean(),
    pending: Type.Boolean(),
    since: Type.String(),
    restarts: Type.Integer(),
    reason: Type.Union([Reason, Type.Null()]),
    ports: Type.Array(
      Type.Object({
        port: Type.Integer(),
        protocol: Type.Union([Type.Literal('tcp'), Type.Literal('udp')]),
        purpose: Localized,
      }),
    ),
    webEntry: Type.Union([
      Type.Object({ path: Type.String(), subdomain: Type.String(), url: Type.String(), label: Localized }),
      Type.Null(),
    ]),
    settings: Type.Object({
      fields: Type.Array(Type.Record(Type.String(), Type.Unknown())),
      values: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
    }),
    packages: Type.Object({
      required: Type.Array(Type.String()),
      missing: Type.Array(Type.String()),
      installable: Type.Boolean(),
    }),
    expose: Type.Object({ available: Type.Boolean(), reasonKey: Type.String() }),
  },
  { $id: 'ServiceView' },
);

const IdParams = Type.Object({ id: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' }) });
const WaitQuery = Type.Object({ wait: Type.Optional(Type.Boolean()) });

export function registerServiceRoutes(server: FastifyInstance, deps: ServiceRouteDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

  app.get(
    '/api/v1/services',
    {
      schema: {
        tags: ['services'],
        summary: 'All services of the catalog with their live state',
        response: { 200: Type.Object({ services: Type.Array(ServiceViewSchema) }) },
      },
    },
    async () => ({ services: deps.services.list() }),
  );

  app.get(
    '/api/v1/services/:id',
    {
      schema: {
        tags: ['services'],
        summary: 'One service',
        params: IdParams,
        response: { 200: ServiceViewSchema, ...errors },
      },
    },
    async (request) => deps.services.get(request.params.id),
  );

  for (const action of ['start', 'stop'] as const) {
    app.post(
      `/api/v1/services/:id/${action}`,
      {
        schema: {
          tags: ['services'],
          summary:
            action === 'start' ? 'Start a service (opens its ports)' : 'Stop a service (closes its ports)',
          description:
            'Answers 202 at once; the outcome arrives on the event stream. With ?wait=true the answer waits for the outcome.',
          params: IdParams,
          querystring: WaitQuery,
          response: { 200: ServiceViewSchema, 202: ServiceViewSchema, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        const { id } = request.params;
        const { view, done } = deps.services[action](id, caller.user.name);
        deps.audit.record(caller.user.name, `service.${action}`, id);
        if (request.query.wait) return reply.status(200).send(await done);
        done.catch((error: unknown) => request.log.warn({ err: error, service: id }, `${action} failed`));
        return reply.status(202).send({ ...view, pending: true });
      },
    );
  }

  app.put(
    '/api/v1/services/:id/settings',
    {
      schema: {
        tags: ['services'],
        summary: 'Change settings (a running service is restarted with them)',
        params: IdParams,
        // Values stay unknown here: a union would let the validator coerce 5232 into "5232". The
        // capability checks each value against its declared type and reports it field by field.
        body: Type.Object(
          { values: Type.Record(Type.String(), Type.Unknown()) },
          { additionalProperties: false },
        ),
        response: { 200: ServiceViewSchema, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const view = await deps.services.updateSettings(request.params.id, request.body.values);
      deps.audit.record(caller.user.name, 'service.settings', request.params.id, {
        keys: Object.keys(request.body.values),
      });
      return view;
    },
  );

  app.get(
    '/api/v1/services/:id/logs',
    {
      schema: {
        tags: ['services'],
        summary: "The last lines of a service's log",
        params: IdParams,
        querystring: Type.Object({ lines: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })) }),
        response: { 200: Type.Object({ lines: Type.Array(Type.String()) }), ...errors },
      },
    },
    async (request) => ({ lines: await deps.services.logs(request.params.id, request.query.lines ?? 200) }),
  );

  app.post(
    '/api/v1/services/:id/install',
    {
      schema: {
        tags: ['services'],
        summary: "Install a service's missing Debian packages (progress on the event stream)",
        params: IdParams,
        response: { 202: ServiceViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const { id } = request.params;
      const view = deps.services.get(id);
      deps.audit.record(caller.user.name, 'service.install', id, { packages: view.packages.missing });
      deps.services
        .install(id, (progress) => deps.bus.publish('install', { serviceId: id, ...progress }))
        .then(() => deps.bus.publish('install', { serviceId: id, phase: 'done', percent: 100 }))
        .catch((error: unknown) => {
          request.log.error({ err: error, service: id }, 'package install failed');
          deps.bus.publish('install', {
            serviceId: id,
            phase: 'failed',
            percent: 0,
            messageKey: 'services.error.installFailed',
          });
        });
      return reply.status(202).send(view);
    },
  );
}
