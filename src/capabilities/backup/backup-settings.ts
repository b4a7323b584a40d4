// The owner's backup settings: what is stored (targets without their secrets), how an input from the
// wizard becomes stored settings (checks beyond the schema, secrets kept when left empty), and the view
// the API shows (never a secret).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FieldError } from '../../errors.js';
import type { BackupSchedule } from './backup-schedule.js';
import type { FtpTargetConfig, LocalTargetConfig, S3TargetConfig, TargetConfig } from './backup-target.js';

export type StoredTarget =
  | ({ id: string } & LocalTargetConfig)
  | ({ id: string } & Omit<FtpTargetConfig, 'password'>)
  | ({ id: string } & Omit<S3TargetConfig, 'secretAccessKey'>);

export interface BackupSettings {
  enabled: boolean;
  schedule: BackupSchedule;
  maxAgeDays: number;
  targets: StoredTarget[];
  folders: string[];
  excludes: string[];
  excludedServices: string[];
  verify: 'off' | 'weekly' | 'monthly';
  /** When backups were first set up: a schedule counts from here until the first run. */
  setUpAt: string;
}

export type TargetInput =
  | ({ id?: string } & LocalTargetConfig)
  | ({ id?: string } & Omit<FtpTargetConfig, 'password'> & { password?: string })
  | ({ id?: string } & Omit<S3TargetConfig, 'secretAccessKey'> & { secretAccessKey?: string });

export interface SettingsInput {
  enabled: boolean;
  schedule: BackupSchedule;
  maxAgeDays: number;
  targets: TargetInput[];
  passphrase?: string;
  folders: string[];
  excludes: string[];
  excludedServices: string[];
  verify: 'off' | 'weekly' | 'monthly';
}

export const DEFAULT_SETTINGS: Omit<BackupSettings, 'setUpAt'> = {
  enabled: false,
  schedule: { frequency: 'daily', timeOfDay: '03:00' },
  maxAgeDays: 180,
  targets: [],
  folders: [],
  excludes: [],
  excludedServices: [],
  verify: 'monthly',
};

/** The secret of a target: its FTP password or S3 secret key (a USB disk has none). */
export function secretOf(target: TargetInput | TargetConfig): string | undefined {
  if (target.kind === 'ftp') return target.password;
  if (target.kind === 's3') return target.secretAccessKey;
  return undefined;
}

export function withSecret(target: StoredTarget, secret: string | null): TargetConfig {
  const { id: _id, ...config } = target;
  if (config.kind === 'ftp') return { ...config, password: secret ?? '' };
  if (config.kind === 's3') return { ...config, secretAccessKey: secret ?? '' };
  return config;
}

function withoutSecret(target: TargetInput, id: string): StoredTarget {
  if (target.kind === 'ftp') {
    const { password: _password, id: _id, ...rest } = target;
    return { ...rest, id };
  }
  if (target.kind === 's3') {
    const { secretAccessKey: _secret, id: _id, ...rest } = target;
    return { ...rest, id };
  }
  const { id: _id, ...rest } = target;
  return { ...rest, id };
}

export interface MergedSettings {
  settings: BackupSettings;
  /** Target id → new secret (to seal and store); ids of removed targets map to null. */
  secrets: Record<string, string | null>;
  errors: FieldError[];
}

/**
 * Checks an input against what is stored and the catalog, field by field, and merges it. Schema
 * validation (types, ranges, patterns) has already happened at the API.
 */
export function mergeSettings(
  input: SettingsInput,
  stored: BackupSettings | null,
  context: { passphraseSet: boolean; serviceIds: string[]; now: Date },
): MergedSettings {
  const errors: FieldError[] = [];
  const secrets: Record<string, string | null> = {};
  const previous = new Map((stored?.targets ?? []).map((t) => [t.id, t]));
  const seen = new Set<string>();
  const targets = input.targets.map((target, i) => {
    const field = (name: string) => `targets.${i}.${name}`;
    const known = target.id ? previous.get(target.id) : undefined;
    if (target.id && known?.kind !== target.kind)
      errors.push({ field: field('kind'), messageKey: 'backup.error.unknownTarget' });
    const id = known ? known.id : `${target.kind}-${randomBytes(4).toString('hex')}`;
    if (target.kind === 'local' && !target.uuid && !target.label)
      errors.push({ field: field('path'), messageKey: 'backup.error.localNeedsDisk' });
    const secret = secretOf(target);
    if (target.kind !== 'local') {
      if (secret) secrets[id] = secret;
      else if (!known)
        errors.push({
          field: field(target.kind === 'ftp' ? 'password' : 'secretAccessKey'),
          messageKey: 'backup.error.secretRequired',
        });
    }
    const key = identity(target);
    if (seen.has(key)) errors.push({ field: field('kind'), messageKey: 'backup.error.duplicateTarget' });
    seen.add(key);
    return withoutSecret(target, id);
  });
  for (const old of previous.keys()) if (!targets.some((t) => t.id === old)) secrets[old] = null;
  if (!context.passphraseSet && !input.passphrase)
    errors.push({ field: 'passphrase', messageKey: 'backup.error.passphraseRequired' });
  input.folders.forEach((folder, i) => {
    if (path.resolve(folder) !== folder.replace(/\/+$/, '') && folder !== '/')
      errors.push({ field: `folders.${i}`, messageKey: 'backup.error.notAbsolute' });
  });
  input.excludedServices.forEach((id, i) => {
    if (!context.serviceIds.includes(id))
      errors.push({
        field: `excludedServices.${i}`,
        messageKey: 'backup.error.unknownService',
        params: { id },
      });
  });
  const schedule = { ...input.schedule };
  if (schedule.frequency === 'weekly') schedule.weekday ??= 0;
  if (schedule.frequency === 'monthly') schedule.dayOfMonth ??= 1;
  return {
    settings: {
      enabled: input.enabled,
      schedule,
      maxAgeDays: input.maxAgeDays,
      targets,
      folders: [...new Set(input.folders.map((f) => path.resolve(f)))],
      excludes: input.excludes,
      excludedServices: input.excludedServices,
      verify: input.verify,
      setUpAt: stored?.setUpAt ?? context.now.toISOString(),
    },
    secrets,
    errors,
  };
}

/** Two entries for the same place (same disk folder, server folder or bucket prefix) are one too many. */
function identity(target: TargetInput): string {
  if (target.kind === 'local') return `local:${path.resolve(target.path)}`;
  if (target.kind === 'ftp') return `ftp:${target.host}:${target.port}:${target.folder}`;
  return `s3:${target.endpoint ?? ''}:${target.bucket}:${target.prefix}`;
}

/** The stored target as the API shows it. */
export function targetView(target: StoredTarget, hasSecret: boolean, description: string) {
  if (target.kind === 'ftp') return { ...target, hasPassword: hasSecret, description };
  if (target.kind === 's3') return { ...target, hasSecretKey: hasSecret, description };
  return { ...target, description };
}
