// The schema of a catalog entry (catalog/<id>/manifest.yaml): what a service declares about itself.
import Type, { type Static } from 'typebox';

export const LocalizedText = Type.Object(
  { de: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type LocalizedText = Static<typeof LocalizedText>;

const settingBase = {
  key: Type.String({ pattern: '^[a-z][a-zA-Z0-9]*$' }),
  label: LocalizedText,
  help: LocalizedText,
  required: Type.Optional(Type.Boolean()),
};

export const SettingField = Type.Union([
  Type.Object(
    {
      ...settingBase,
      type: Type.Literal('string'),
      default: Type.String(),
      pattern: Type.Optional(Type.String()),
      patternHint: Type.Optional(LocalizedText),
      maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...settingBase,
      type: Type.Union([Type.Literal('integer'), Type.Literal('port')]),
      default: Type.Integer(),
      min: Type.Optional(Type.Integer()),
      max: Type.Optional(Type.Integer()),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { ...settingBase, type: Type.Literal('boolean'), default: Type.Boolean() },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...settingBase,
      type: Type.Literal('enum'),
      default: Type.String(),
      options: Type.Array(
        Type.Object({ value: Type.String(), label: LocalizedText }, { additionalProperties: false }),
        { minItems: 1 },
      ),
    },
    { additionalProperties: false },
  ),
]);
export type SettingField = Static<typeof SettingField>;

/** A number, or the key of a port setting whose value is the number. */
const PortRef = Type.Union([Type.Integer({ minimum: 1, maximum: 65535 }), Type.String({ minLength: 1 })]);

export const ServiceManifest = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' }),
    name: LocalizedText,
    description: LocalizedText,
    icon: Type.String(),
    /** Must always run; its switch is locked. */
    locked: Type.Boolean(),
    /** Built into the daemon (cockpit, firewall, backup) instead of run as a program. */
    builtin: Type.Optional(
      Type.Union([Type.Literal('cockpit'), Type.Literal('firewall'), Type.Literal('backup')]),
    ),
    packages: Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9+.-]+$' })),
    ports: Type.Array(
      Type.Object(
        {
          port: PortRef,
          protocol: Type.Union([Type.Literal('tcp'), Type.Literal('udp')]),
          purpose: LocalizedText,
        },
        { additionalProperties: false },
      ),
    ),
    /** The service's own web interface, if it has one: a path below the cockpit and a subdomain. */
    webEntry: Type.Optional(
      Type.Object(
        {
          path: Type.String({ pattern: '^/[a-z0-9-]+$' }),
          subdomain: Type.String({ pattern: '^[a-z0-9-]+$' }),
          port: PortRef,
          label: LocalizedText,
        },
        { additionalProperties: false },
      ),
    ),
    settings: Type.Array(SettingField),
    /** Config files rendered from templates/<template> into the service's config folder. */
    configFiles: Type.Array(
      Type.Object(
        {
          template: Type.String(),
          path: Type.String({ pattern: '^[A-Za-z0-9._-]+$' }),
          mode: Type.Optional(Type.Integer()),
        },
        { additionalProperties: false },
      ),
    ),
    /** The program's own checker for the rendered config; argv with {{placeholders}}. */
    validate: Type.Optional(Type.Array(Type.String())),
    run: Type.Optional(
      Type.Object(
        {
          argv: Type.Array(Type.String(), { minItems: 1 }),
          env: Type.Optional(Type.Record(Type.String(), Type.String())),
          readiness: Type.Union([
            Type.Object({ tcp: PortRef }, { additionalProperties: false }),
            Type.Object({ none: Type.Literal(true) }, { additionalProperties: false }),
          ]),
          readyTimeoutMs: Type.Optional(Type.Integer({ minimum: 100 })),
          stopTimeoutMs: Type.Optional(Type.Integer({ minimum: 100 })),
          /** Needs root to run (e.g. smbd); reported up front instead of failing obscurely. */
          needsRoot: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    /** Folders the program expects in its run folder (state, locks, caches); created before it starts. */
    runDirs: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9._-]+$' }))),
    /** Folders (relative to the service's data folder) that hold user data: for backups. */
    dataDirs: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type ServiceManifest = Static<typeof ServiceManifest>;
export type BuiltinKind = NonNullable<ServiceManifest['builtin']>;
