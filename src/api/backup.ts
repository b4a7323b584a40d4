// Routes of the backup capability: settings, test connection, run / verify / restore jobs, the report,
// the backups on the targets and their files.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Backups, SettingsInput, TargetInput, Trigger } from '../capabilities/backup/index.js';
import type { MountedDisk } from '../drivers/disks/mounted-disks.js';
import type { AuditLog } from '../store/audit-log.js';
import { requireCaller } from './authentication.js';
import {
  BackupIdSchema,
  BrowseQuerySchema,
  BrowseResultSchema,
  DiskSchema,
  JobViewSchema,
  OverviewSchema,
  RestoreInputSchema,
  RunInputSchema,
  RunViewSchema,
  SettingsInputSchema,
  SettingsViewSchema,
  StoredBackupSchema,
  TestTargetInputSchema,
  VerifyInputSchema,
} from './backup-schemas.js';
import { ErrorBody } from './errors.js';

export interface BackupRouteDeps {
  backups: Backups;
  audit: AuditLog;
  listDisks(): Promise<MountedDisk[]>;
}

export function registerBackupRoutes(server: FastifyInstance, deps: BackupRouteDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
  const tags = ['backup'];
  const { backups, audit } = deps;
  // The CLI authenticates with its token; everything else is the web UI.
  const triggerOf = (request: Parameters<typeof requireCaller>[0]): Trigger =>
    requireCaller(request).via === 'token' ? 'cli' : 'owner';

  app.get(
    '/api/v1/backup',
    {
      schema: {
        tags,
        summary: 'Backup settings, the running job and the last run',
        response: { 200: OverviewSchema, ...errors },
      },
    },
    async () => backups.overview(),
  );

  app.put(
    '/api/v1/backup/settings',
    {
      schema: {
        tags,
        summary: 'Save the backup settings (secrets left out are kept)',
        body: SettingsInputSchema,
        response: { 200: SettingsViewSchema, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const view = backups.saveSettings(request.body as SettingsInput, caller.user.name);
      audit.record(caller.user.name, 'backup.settings', undefined, {
        targets: view.targets.map((t) => t.description),
        passphraseChanged: Boolean(request.body.passphrase),
      });
      return view;
    },
  );

  app.post(
    '/api/v1/backup/targets/test',
    {
      schema: {
        tags,
        summary: 'Test a backup target: write, read back and delete a probe',
        body: TestTargetInputSchema,
        response: { 200: Type.Object({ ok: Type.Literal(true), description: Type.String() }), ...errors },
      },
    },
    async (request) => {
      requireCaller(request);
      return backups.testTarget(request.body.target as TargetInput);
    },
  );

  app.get(
    '/api/v1/backup/disks',
    {
      schema: {
        tags,
        summary: 'Mounted disks that can hold backups',
        response: { 200: Type.Object({ disks: Type.Array(DiskSchema) }), ...errors },
      },
    },
    async (request) => {
      requireCaller(request);
      return { disks: await deps.listDisks() };
    },
  );

  app.post(
    '/api/v1/backup/run',
    {
      schema: {
        tags,
        summary: 'Start a backup now',
        body: Type.Optional(RunInputSchema),
        response: { 202: JobViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const job = backups.startBackup(request.body?.kind ?? 'auto', triggerOf(request));
      audit.record(caller.user.name, 'backup.run', undefined, { kind: request.body?.kind ?? 'auto' });
      return reply.status(202).send(job);
    },
  );

  app.post(
    '/api/v1/backup/verify',
    {
      schema: {
        tags,
        summary: 'Verify backups: download, decrypt and check every file',
        body: Type.Optional(VerifyInputSchema),
        response: { 202: JobViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const job = backups.startVerify(request.body?.backupId, triggerOf(request));
      audit.record(caller.user.name, 'backup.verify', request.body?.backupId);
      return reply.status(202).send(job);
    },
  );

  app.post(
    '/api/v1/backup/restore',
    {
      schema: {
        tags,
        summary: 'Restore files of a backup, to their place or into a folder',
        body: RestoreInputSchema,
        response: { 202: JobViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const job = backups.startRestore(request.body, triggerOf(request));
      audit.record(caller.user.name, 'backup.restore', request.body.backupId, {
        paths: request.body.paths.length,
        destination: request.body.destination ?? 'original place',
      });
      return reply.status(202).send(job);
    },
  );

  app.post(
    '/api/v1/backup/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel the running job',
        response: { 200: Type.Object({ cancelled: Type.Boolean() }), ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const cancelled = backups.cancel();
      if (cancelled) audit.record(caller.user.name, 'backup.cancel');
      return { cancelled };
    },
  );

  app.get(
    '/api/v1/backup/job',
    {
      schema: {
        tags,
        summary: 'The running job and its progress',
        response: { 200: Type.Object({ job: Type.Union([JobViewSchema, Type.Null()]) }), ...errors },
      },
    },
    async (request) => {
      requireCaller(request);
      return { job: backups.job() };
    },
  );

  app.get(
    '/api/v1/backup/runs',
    {
      schema: {
        tags,
        summary: 'The record of backup, verify and restore runs, newest first',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
        response: { 200: Type.Object({ runs: Type.Array(RunViewSchema) }), ...errors },
      },
    },
    async (request) => {
      requireCaller(request);
      return { runs: backups.runs(request.query.limit ?? 50) };
    },
  );

  app.get(
    '/api/v1/backup/backups',
    {
      schema: {
        tags,
        summary: 'The backups on the targets, newest first',
        response: { 200: Type.Object({ backups: Type.Array(StoredBackupSchema) }), ...errors },
      },
    },
    async (request) => {
      requireCaller(request);
      return { backups: await backups.listBackups() };
    },
  );

  app.get(
    '/api/v1/backup/backups/:id/files',
    {
      schema: {
        tags,
        summary: 'One folder of a backup: its files and subfolders',
        params: Type.Object({ id: BackupIdSchema }),
        querystring: BrowseQuerySchema,
        response: { 200: BrowseResultSchema, ...errors },
      },
    },
    async (request) => {
      requireCaller(request);
      return backups.browse(request.params.id, request.query.folder ?? '/');
    },
  );
}
