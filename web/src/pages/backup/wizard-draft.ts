// What the backup wizard holds while the owner fills it in, how it is checked as they type (with the
// daemon's rules and message keys, see src/api/backup-schemas.ts), and how it becomes the PUT body.
import type {
  BackupFrequency,
  Disk,
  FtpEncryption,
  SettingsInput,
  SettingsView,
  TargetInput,
  TargetKind,
  VerifySchedule,
} from '../../api/backup-types.js';
import type { FieldError } from '../../api/types.js';
import type { FieldProblem } from '../../components/settings-validation.js';
import { suggestPassphrase } from './passphrase-suggestion.js';

export const STEPS = ['where', 'passphrase', 'when', 'what', 'summary'] as const;
export type StepId = (typeof STEPS)[number];

export const MAX_TARGETS = 3;
export const MIN_PASSPHRASE = 12;
export const DEFAULT_FOLDER = 'hausmeister-backups';
/** Months offered for the maximum age, and the days the API takes for them. */
export const MAX_AGE_MONTHS: Record<number, number> = { 1: 31, 3: 92, 6: 183, 12: 365, 24: 730 };

export interface LocalDraft {
  id?: string;
  path: string;
  uuid: string;
  label: string;
  /** Where the chosen disk is mounted now ('' while it is not connected). */
  mountpoint: string;
}

export interface FtpDraft {
  id?: string;
  host: string;
  port: string;
  user: string;
  password: string;
  hasPassword: boolean;
  tls: FtpEncryption;
  folder: string;
  caCertificate: string;
}

export interface S3Draft {
  id?: string;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  hasSecretKey: boolean;
  forcePathStyle: boolean;
}

/** One target card: the kind shown, and what was typed into each kind's tab (switching keeps it). */
export interface TargetDraft {
  key: number;
  kind: TargetKind;
  local: LocalDraft;
  ftp: FtpDraft;
  s3: S3Draft;
}

export interface PassphraseDraft {
  /** A passphrase is set and the owner chose to replace it. */
  change: boolean;
  choice: 'suggested' | 'own';
  suggestion: string;
  own: string;
  writtenDown: boolean;
}

export interface Draft {
  enabled: boolean;
  targets: TargetDraft[];
  passphrase: PassphraseDraft;
  frequency: BackupFrequency;
  timeOfDay: string;
  weekday: number;
  dayOfMonth: number;
  maxAgeDays: number;
  verify: VerifySchedule;
  excludedServices: string[];
  folders: string[];
  excludes: string[];
}

export type Problems = Record<string, FieldProblem>;

let nextKey = 1;

const emptyLocal = (): LocalDraft => ({ path: '', uuid: '', label: '', mountpoint: '' });
const emptyFtp = (): FtpDraft => ({
  host: '',
  port: '21',
  user: '',
  password: '',
  hasPassword: false,
  tls: 'explicit',
  folder: '/hausmeister',
  caCertificate: '',
});
const emptyS3 = (): S3Draft => ({
  endpoint: '',
  region: 'eu-central-1',
  bucket: '',
  prefix: 'hausmeister/',
  accessKeyId: '',
  secretAccessKey: '',
  hasSecretKey: false,
  forcePathStyle: false,
});

export function newTarget(kind: TargetKind = 'local'): TargetDraft {
  return { key: nextKey++, kind, local: emptyLocal(), ftp: emptyFtp(), s3: emptyS3() };
}

export function draftFromSettings(settings: SettingsView): Draft {
  const targets = settings.targets.map((view) => {
    const draft = newTarget(view.kind);
    if (view.kind === 'local')
      draft.local = {
        id: view.id,
        path: view.path,
        uuid: view.uuid ?? '',
        label: view.label ?? '',
        mountpoint: '',
      };
    if (view.kind === 'ftp')
      draft.ftp = {
        id: view.id,
        host: view.host,
        port: String(view.port),
        user: view.user,
        password: '',
        hasPassword: view.hasPassword,
        tls: view.tls === 'implicit' || view.tls === 'none' ? view.tls : 'explicit',
        folder: view.folder,
        caCertificate: view.caCertificate ?? '',
      };
    if (view.kind === 's3')
      draft.s3 = {
        id: view.id,
        endpoint: view.endpoint ?? '',
        region: view.region,
        bucket: view.bucket,
        prefix: view.prefix,
        accessKeyId: view.accessKeyId,
        secretAccessKey: '',
        hasSecretKey: view.hasSecretKey,
        forcePathStyle: view.forcePathStyle ?? false,
      };
    return draft;
  });
  const verify = settings.verify === 'off' || settings.verify === 'weekly' ? settings.verify : 'monthly';
  return {
    // The first set-up turns the schedule on: that is what setting up backups is for.
    enabled: settings.configured ? settings.enabled : true,
    targets: targets.length > 0 ? targets : [newTarget('local')],
    passphrase: {
      change: false,
      choice: 'suggested',
      suggestion: suggestPassphrase(),
      own: '',
      writtenDown: false,
    },
    frequency: settings.schedule.frequency,
    timeOfDay: settings.schedule.timeOfDay,
    weekday: settings.schedule.weekday ?? 1,
    dayOfMonth: settings.schedule.dayOfMonth ?? 1,
    maxAgeDays: settings.maxAgeDays,
    verify,
    excludedServices: [...settings.excludedServices],
    folders: [...settings.folders],
    excludes: [...settings.excludes],
  };
}

/** The disk a local target is on, among the connected ones (by UUID, else by label). */
export function diskOf(local: LocalDraft, disks: Disk[]): Disk | undefined {
  return (
    disks.find((d) => local.uuid !== '' && d.uuid === local.uuid) ??
    disks.find((d) => local.label !== '' && d.label === local.label)
  );
}

/** A disk picked for a local target: its identity, and the default folder on it. */
export function pickDisk(local: LocalDraft, disk: Disk): LocalDraft {
  const inside = local.path === disk.mountpoint || local.path.startsWith(`${disk.mountpoint}/`);
  return {
    ...local,
    uuid: disk.uuid ?? '',
    label: disk.label ?? '',
    mountpoint: disk.mountpoint,
    path: inside ? local.path : joinPath(disk.mountpoint, DEFAULT_FOLDER),
  };
}

export function joinPath(folder: string, name: string): string {
  return `${folder.replace(/\/+$/, '')}/${name}`;
}

const HOST = /^[A-Za-z0-9.:[\]-]+$/;
const REGION = /^[a-z0-9-]{1,40}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^([A-Za-z0-9._-]+\/)*$/;
const ENDPOINT = /^https?:\/\/[^\s]+$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const required: FieldProblem = { messageKey: 'settings.error.required' };
const notAbsolute: FieldProblem = { messageKey: 'backup.error.notAbsolute' };

function checkText(value: string, max: number, pattern?: RegExp, patternKey?: string): FieldProblem | null {
  if (value.trim() === '') return required;
  if (value.length > max) return { messageKey: 'settings.error.maxLength', params: { max } };
  if (pattern && !pattern.test(value)) return { messageKey: patternKey ?? 'validation.pattern' };
  return null;
}

function checkAbsolute(value: string): FieldProblem | null {
  if (value.trim() === '') return required;
  if (!value.startsWith('/')) return notAbsolute;
  if (value.length > 4096) return { messageKey: 'settings.error.maxLength', params: { max: 4096 } };
  return null;
}

function checkPort(value: string): FieldProblem | null {
  const text = value.trim();
  if (text === '') return required;
  if (!/^\d+$/.test(text)) return { messageKey: 'settings.error.type' };
  const port = Number(text);
  if (port < 1) return { messageKey: 'settings.error.min', params: { min: 1 } };
  if (port > 65535) return { messageKey: 'settings.error.max', params: { max: 65535 } };
  return null;
}

function checkTarget(target: TargetDraft, at: string, add: (field: string, p: FieldProblem | null) => void) {
  if (target.kind === 'local') {
    const local = target.local;
    add(`${at}.disk`, local.uuid || local.label ? null : { messageKey: 'backup.error.localNeedsDisk' });
    const pathProblem = checkAbsolute(local.path);
    const onDisk =
      local.mountpoint === '' ||
      local.path === local.mountpoint ||
      local.path.startsWith(`${local.mountpoint.replace(/\/+$/, '')}/`);
    add(
      `${at}.path`,
      pathProblem ??
        (onDisk ? null : { messageKey: 'backupUi.error.folderOnDisk', params: { disk: local.mountpoint } }),
    );
  } else if (target.kind === 'ftp') {
    const ftp = target.ftp;
    add(`${at}.host`, checkText(ftp.host.trim(), 253, HOST, 'backupUi.error.host'));
    add(`${at}.port`, checkPort(ftp.port));
    add(`${at}.user`, checkText(ftp.user, 128));
    add(
      `${at}.password`,
      ftp.password === ''
        ? ftp.hasPassword
          ? null
          : { messageKey: 'backup.error.secretRequired' }
        : checkText(ftp.password, 256),
    );
    add(`${at}.folder`, checkAbsolute(ftp.folder));
    const ca = ftp.caCertificate.trim();
    add(
      `${at}.caCertificate`,
      ca === ''
        ? null
        : ca.length > 20000
          ? { messageKey: 'settings.error.maxLength', params: { max: 20000 } }
          : ca.includes('-----BEGIN CERTIFICATE-----')
            ? null
            : { messageKey: 'backupUi.error.pem' },
    );
  } else {
    const s3 = target.s3;
    const endpoint = s3.endpoint.trim();
    add(
      `${at}.endpoint`,
      endpoint === '' ? null : checkText(endpoint, 512, ENDPOINT, 'backupUi.error.endpoint'),
    );
    add(`${at}.region`, checkText(s3.region.trim(), 40, REGION, 'backupUi.error.region'));
    add(`${at}.bucket`, checkText(s3.bucket.trim(), 63, BUCKET, 'backupUi.error.bucket'));
    add(
      `${at}.prefix`,
      s3.prefix.length > 256
        ? { messageKey: 'settings.error.maxLength', params: { max: 256 } }
        : PREFIX.test(s3.prefix)
          ? null
          : { messageKey: 'backupUi.error.prefix' },
    );
    add(`${at}.accessKeyId`, checkText(s3.accessKeyId.trim(), 128));
    add(
      `${at}.secretAccessKey`,
      s3.secretAccessKey === ''
        ? s3.hasSecretKey
          ? null
          : { messageKey: 'backup.error.secretRequired' }
        : checkText(s3.secretAccessKey, 256),
    );
  }
}

/** Every problem of the draft, by field path (`targets.0.port`, `schedule.timeOfDay`, `folders.2`…). */
export function checkDraft(draft: Draft, passphraseSet: boolean): Problems {
  const problems: Problems = {};
  const add = (field: string, problem: FieldProblem | null) => {
    if (problem) problems[field] = problem;
  };
  if (draft.targets.length === 0) add('targets', { messageKey: 'backup.error.noTarget' });
  draft.targets.forEach((target, index) => checkTarget(target, `targets.${index}`, add));

  if (needsNewPassphrase(draft, passphraseSet)) {
    const p = draft.passphrase;
    if (p.choice === 'own')
      add(
        'passphrase',
        p.own.length < MIN_PASSPHRASE
          ? { messageKey: 'backup.error.passphraseWeak' }
          : p.own.length > 256
            ? { messageKey: 'settings.error.maxLength', params: { max: 256 } }
            : null,
      );
    add('passphrase.writtenDown', p.writtenDown ? null : { messageKey: 'backupUi.error.writtenDown' });
  }

  add('schedule.timeOfDay', TIME.test(draft.timeOfDay) ? null : { messageKey: 'backup.error.timeOfDay' });

  const seen = new Set<string>();
  draft.folders.forEach((folder, index) => {
    const problem = checkAbsolute(folder);
    const key = folder.replace(/\/+$/, '') || '/';
    add(`folders.${index}`, problem ?? (seen.has(key) ? { messageKey: 'backupUi.error.duplicate' } : null));
    seen.add(key);
  });
  draft.excludes.forEach((pattern, index) => add(`excludes.${index}`, checkText(pattern, 512)));
  return problems;
}

export function needsNewPassphrase(draft: Draft, passphraseSet: boolean): boolean {
  return !passphraseSet || draft.passphrase.change;
}

export function stepOf(field: string): StepId {
  if (field.startsWith('targets')) return 'where';
  if (field.startsWith('passphrase')) return 'passphrase';
  if (/^(schedule|maxAgeDays|verify|enabled)/.test(field)) return 'when';
  if (/^(folders|excludes|excludedServices)/.test(field)) return 'what';
  return 'summary';
}

/** The daemon's field path, named like the wizard's inputs. */
export function wizardField(field: string): string {
  if (/^(frequency|timeOfDay|weekday|dayOfMonth)$/.test(field)) return `schedule.${field}`;
  const disk = /^(targets\.\d+)\.(uuid|label)$/.exec(field);
  if (disk) return `${disk[1]}.disk`;
  // Errors about a whole target (duplicate, no longer stored) are shown on its card.
  const card = /^(targets\.\d+)\.kind$/.exec(field);
  if (card) return card[1] ?? field;
  return field;
}

export function serverProblems(errors: FieldError[]): Problems {
  const problems: Problems = {};
  for (const error of errors) {
    const field = wizardField(error.field);
    if (field in problems) continue;
    problems[field] = error.params
      ? { messageKey: error.messageKey, params: error.params }
      : { messageKey: error.messageKey };
  }
  return problems;
}

/** One card as the API takes it (for Save and for Test connection). */
export function targetInput(target: TargetDraft): TargetInput {
  if (target.kind === 'local') {
    const { id, path, uuid, label } = target.local;
    return {
      ...(id ? { id } : {}),
      kind: 'local',
      path: path.trim(),
      ...(uuid ? { uuid } : {}),
      ...(label ? { label } : {}),
    };
  }
  if (target.kind === 'ftp') {
    const f = target.ftp;
    return {
      ...(f.id ? { id: f.id } : {}),
      kind: 'ftp',
      host: f.host.trim(),
      port: Number(f.port.trim()),
      user: f.user.trim(),
      ...(f.password ? { password: f.password } : {}),
      tls: f.tls,
      folder: f.folder.trim(),
      ...(f.caCertificate.trim() ? { caCertificate: f.caCertificate.trim() } : {}),
    };
  }
  const s = target.s3;
  return {
    ...(s.id ? { id: s.id } : {}),
    kind: 's3',
    ...(s.endpoint.trim() ? { endpoint: s.endpoint.trim() } : {}),
    region: s.region.trim(),
    bucket: s.bucket.trim(),
    prefix: s.prefix,
    accessKeyId: s.accessKeyId.trim(),
    ...(s.secretAccessKey ? { secretAccessKey: s.secretAccessKey } : {}),
    forcePathStyle: s.forcePathStyle,
  };
}

export function chosenPassphrase(draft: Draft): string {
  return draft.passphrase.choice === 'own' ? draft.passphrase.own : draft.passphrase.suggestion;
}

export function settingsInput(draft: Draft, passphraseSet: boolean): SettingsInput {
  return {
    enabled: draft.enabled,
    schedule: {
      frequency: draft.frequency,
      timeOfDay: draft.timeOfDay,
      ...(draft.frequency === 'weekly' ? { weekday: draft.weekday } : {}),
      ...(draft.frequency === 'monthly' ? { dayOfMonth: draft.dayOfMonth } : {}),
    },
    maxAgeDays: draft.maxAgeDays,
    targets: draft.targets.map(targetInput),
    ...(needsNewPassphrase(draft, passphraseSet) ? { passphrase: chosenPassphrase(draft) } : {}),
    folders: draft.folders.map((f) => f.trim()),
    excludes: draft.excludes.map((e) => e.trim()),
    excludedServices: draft.excludedServices,
    verify: draft.verify,
  };
}
