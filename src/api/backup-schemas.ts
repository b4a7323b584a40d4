// Schemas of the backup API: one declaration gives validation, the TypeScript types and the OpenAPI
// document. Secrets (FTP password, S3 secret key, the passphrase) only ever go in, never out.
import Type, { type Static } from 'typebox';
import { Host, Message, OneOfKind } from './common-schemas.js';

const AbsolutePath = Type.String({ pattern: '^/', minLength: 1, maxLength: 4096 });
const TargetId = Type.String({ pattern: '^[a-z0-9-]{1,40}$' });

export const ScheduleSchema = Type.Object(
  {
    frequency: Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('monthly')]),
    timeOfDay: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
    weekday: Type.Optional(Type.Integer({ minimum: 0, maximum: 6 })),
    dayOfMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })),
  },
  { additionalProperties: false },
);

/** A target as the owner enters it. `id` names a stored target: an omitted secret keeps the stored one. */
export const TargetInputSchema = OneOfKind([
  Type.Object(
    {
      id: Type.Optional(TargetId),
      kind: Type.Literal('local'),
      path: AbsolutePath,
      uuid: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' })),
      label: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      id: Type.Optional(TargetId),
      kind: Type.Literal('ftp'),
      host: Host,
      port: Type.Integer({ minimum: 1, maximum: 65535 }),
      user: Type.String({ minLength: 1, maxLength: 128 }),
      password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
      tls: Type.Union([Type.Literal('explicit'), Type.Literal('implicit'), Type.Literal('none')]),
      folder: AbsolutePath,
      caCertificate: Type.Optional(Type.String({ maxLength: 20000 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      id: Type.Optional(TargetId),
      kind: Type.Literal('s3'),
      endpoint: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 512 })),
      region: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }),
      bucket: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' }),
      prefix: Type.String({ pattern: '^([A-Za-z0-9._-]+/)*$', maxLength: 256 }),
      accessKeyId: Type.String({ minLength: 1, maxLength: 128 }),
      secretAccessKey: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
      forcePathStyle: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
]);
export type TargetInput = Static<typeof TargetInputSchema>;

/** A stored target as the API shows it: everything but the secret, and whether one is stored. */
export const TargetViewSchema = Type.Union([
  Type.Object({
    id: TargetId,
    kind: Type.Literal('local'),
    path: Type.String(),
    uuid: Type.Optional(Type.String()),
    label: Type.Optional(Type.String()),
    description: Type.String(),
  }),
  Type.Object({
    id: TargetId,
    kind: Type.Literal('ftp'),
    host: Type.String(),
    port: Type.Integer(),
    user: Type.String(),
    hasPassword: Type.Boolean(),
    tls: Type.String(),
    folder: Type.String(),
    caCertificate: Type.Optional(Type.String()),
    description: Type.String(),
  }),
  Type.Object({
    id: TargetId,
    kind: Type.Literal('s3'),
    endpoint: Type.Optional(Type.String()),
    region: Type.String(),
    bucket: Type.String(),
    prefix: Type.String(),
    accessKeyId: Type.String(),
    hasSecretKey: Type.Boolean(),
    forcePathStyle: Type.Optional(Type.Boolean()),
    description: Type.String(),
  }),
]);
export type TargetView = Static<typeof TargetViewSchema>;

export const SettingsInputSchema = Type.Object(
  {
    /** Scheduled backups on or off (the service switch). */
    enabled: Type.Boolean(),
    schedule: ScheduleSchema,
    /** Full backups (with their incrementals) older than this are removed once a newer full exists. */
    maxAgeDays: Type.Integer({ minimum: 7, maximum: 3650 }),
    targets: Type.Array(TargetInputSchema, { minItems: 1, maxItems: 3 }),
    /** A new passphrase; required the first time, omitted to keep the stored one. */
    passphrase: Type.Optional(Type.String({ minLength: 12, maxLength: 256 })),
    /** Folders the owner adds to what is backed up. */
    folders: Type.Array(AbsolutePath, { maxItems: 50 }),
    /** Glob patterns (`**\/*.tmp`, `/home/anna/Videos/**`) that are left out. */
    excludes: Type.Array(Type.String({ minLength: 1, maxLength: 512 }), { maxItems: 100 }),
    /** Services whose data folders are NOT backed up (all are by default). */
    excludedServices: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' }), { maxItems: 50 }),
    /** Regular integrity check: download, decrypt and check every file. */
    verify: Type.Union([Type.Literal('off'), Type.Literal('weekly'), Type.Literal('monthly')]),
  },
  { additionalProperties: false },
);
export type SettingsInput = Static<typeof SettingsInputSchema>;

export const SettingsViewSchema = Type.Object({
  configured: Type.Boolean(),
  enabled: Type.Boolean(),
  schedule: ScheduleSchema,
  maxAgeDays: Type.Integer(),
  targets: Type.Array(TargetViewSchema),
  passphrase: Type.Object({ set: Type.Boolean(), setAt: Type.Union([Type.String(), Type.Null()]) }),
  folders: Type.Array(Type.String()),
  excludes: Type.Array(Type.String()),
  excludedServices: Type.Array(Type.String()),
  verify: Type.String(),
  /** What is always backed up, and what each service adds. */
  sources: Type.Object({
    cockpit: Type.Array(Type.String()),
    services: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.Object({ de: Type.String(), en: Type.String() }),
        paths: Type.Array(Type.String()),
      }),
    ),
  }),
  nextRunAt: Type.Union([Type.String(), Type.Null()]),
});
export type SettingsView = Static<typeof SettingsViewSchema>;

export const ProgressSchema = Type.Object({
  phase: Type.String(),
  filesDone: Type.Integer(),
  filesTotal: Type.Integer(),
  bytesDone: Type.Number(),
  bytesTotal: Type.Number(),
  bytesPerSecond: Type.Number(),
  secondsLeft: Type.Union([Type.Number(), Type.Null()]),
});

export const JobViewSchema = Type.Object({
  runId: Type.Integer(),
  action: Type.Union([
    Type.Literal('backup'),
    Type.Literal('verify'),
    Type.Literal('restore'),
    Type.Literal('prune'),
  ]),
  startedAt: Type.String(),
  progress: Type.Union([ProgressSchema, Type.Null()]),
});
export type JobView = Static<typeof JobViewSchema>;

export const RunViewSchema = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  /** `schedule`, `owner` (the UI), `cli`. */
  trigger: Type.String(),
  state: Type.Union([
    Type.Literal('running'),
    Type.Literal('succeeded'),
    /** Done on some targets, failed on others. */
    Type.Literal('partial'),
    Type.Literal('failed'),
    /** The daemon stopped or the box went down while it ran. */
    Type.Literal('interrupted'),
  ]),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  backupId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union([Type.Literal('full'), Type.Literal('incremental'), Type.Null()]),
  files: Type.Union([Type.Integer(), Type.Null()]),
  /** Bytes of the files at this point in time, before compression. */
  bytes: Type.Union([Type.Number(), Type.Null()]),
  /** Bytes packed in this run (new and changed files), before and after compression and encryption. */
  packedBytes: Type.Union([Type.Number(), Type.Null()]),
  storedBytes: Type.Union([Type.Number(), Type.Null()]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  targets: Type.Array(
    Type.Object({ target: Type.String(), ok: Type.Boolean(), error: Type.Optional(Message) }),
  ),
  error: Type.Union([Message, Type.Null()]),
  warnings: Type.Array(Message),
  /** Verify: problems found; restore: files restored; prune: backups removed. */
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type RunView = Static<typeof RunViewSchema>;

export const OverviewSchema = Type.Object({
  settings: SettingsViewSchema,
  job: Type.Union([JobViewSchema, Type.Null()]),
  lastRun: Type.Union([RunViewSchema, Type.Null()]),
});

export const StoredBackupSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  createdAt: Type.String(),
  chain: Type.String(),
  targets: Type.Array(Type.String()),
  storedBytes: Type.Number(),
});

export const BrowseQuerySchema = Type.Object({ folder: Type.Optional(Type.String({ maxLength: 4096 })) });
export const BrowseResultSchema = Type.Object({
  backupId: Type.String(),
  folder: Type.String(),
  entries: Type.Array(
    Type.Object({
      name: Type.String(),
      path: Type.String(),
      type: Type.String(),
      size: Type.Number(),
      mtimeMs: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});

export const BackupIdSchema = Type.String({ pattern: '^\\d{8}T\\d{6}Z-(full|incremental-\\d{8}T\\d{6}Z)$' });

export const RunInputSchema = Type.Object(
  {
    kind: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.Literal('full'), Type.Literal('incremental')]),
    ),
  },
  { additionalProperties: false },
);
export const VerifyInputSchema = Type.Object(
  { backupId: Type.Optional(BackupIdSchema) },
  { additionalProperties: false },
);
export const RestoreInputSchema = Type.Object(
  {
    backupId: BackupIdSchema,
    /** Files or folders as backed up; empty = everything. */
    paths: Type.Array(AbsolutePath, { maxItems: 1000 }),
    /** A folder to restore into (the original paths below it), or null for the original place. */
    destination: Type.Union([AbsolutePath, Type.Null()]),
  },
  { additionalProperties: false },
);
export const TestTargetInputSchema = Type.Object(
  { target: TargetInputSchema },
  { additionalProperties: false },
);

export const DiskSchema = Type.Object({
  mountpoint: Type.String(),
  uuid: Type.Union([Type.String(), Type.Null()]),
  label: Type.Union([Type.String(), Type.Null()]),
  fstype: Type.String(),
  sizeBytes: Type.Number(),
  availableBytes: Type.Number(),
});
