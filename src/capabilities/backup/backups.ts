// The backup capability inside the daemon: the owner's settings, one job at a time in a process of its
// own (backup, verify, restore), the record of every run, and the schedule that starts them.
import { HausmeisterError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { BackupStore } from '../../store/backup-store.js';
import type { SecretSealer } from '../../store/secret-box.js';
import { BackupCredentials } from './backup-credentials.js';
import type { BackupJobRequest, JobLauncher } from './backup-job-protocol.js';
import { dueJob, nextRunAfter } from './backup-schedule.js';
import {
  DEFAULT_SETTINGS,
  mergeSettings,
  targetView,
  withSecret,
  type BackupSettings,
  type SettingsInput,
  type TargetInput,
} from './backup-settings.js';
import { describeTarget } from './target-description.js';
import type { BackupRunResult } from './engine/backup-run.js';
import type { BrowsedFolder } from './engine/browse.js';
import type { RestoreResult } from './engine/restore.js';
import type { BrowsedListings, ListedBackup } from './job/run-job.js';
import { JobSlot } from './job-slot.js';
import { ListingCache } from './listing-cache.js';
import { messageOf, runView, type JobView, type Message, type RunView } from './run-view.js';

export type { JobAction, JobView, Message, RunView } from './run-view.js';

export type Trigger = 'schedule' | 'owner' | 'cli';

/** What the capability keeps in the state database (src/store/backup-store.ts). */
export type BackupRepository = Pick<
  BackupStore,
  | 'settings'
  | 'saveSettings'
  | 'secret'
  | 'passphrases'
  | 'startRun'
  | 'finishRun'
  | 'markUnfinishedRuns'
  | 'runs'
  | 'lastRun'
>;

/** Where things are: what is always backed up, what never is, and what a restore must not overwrite. */
export interface BackupLayout {
  /** The cockpit's own state: database, settings, keys, the services' data. */
  cockpitSources: string[];
  databases: string[];
  /** Never backed up (logs, the supervisor's run files, the job's own cache). */
  skip: string[];
  /** Never overwritten by a restore to the original place, while the cockpit runs. */
  protect: string[];
  jobStateDir: string;
}

export interface ServiceData {
  id: string;
  name: { de: string; en: string };
  paths: string[];
}

export interface BackupsDeps {
  store: BackupRepository;
  secrets: SecretSealer;
  launcher: JobLauncher;
  layout: BackupLayout;
  services(): ServiceData[];
  log: Logger;
  onChange(event: { job: JobView | null; run?: RunView; enabled?: boolean }): void;
  now?: () => Date;
}

const TICK_MS = 60_000;
const FIRST_TICK_MS = 20_000;

export class Backups {
  readonly #deps: BackupsDeps;
  readonly #slot: JobSlot;
  readonly #credentials: BackupCredentials;
  #timer: NodeJS.Timeout | null = null;
  readonly #listings = new ListingCache();

  constructor(deps: BackupsDeps) {
    this.#deps = deps;
    this.#slot = new JobSlot({
      store: deps.store,
      log: deps.log,
      onChange: deps.onChange,
      now: () => this.#now(),
    });
    this.#credentials = new BackupCredentials(deps.store, deps.secrets);
    const interrupted = deps.store.markUnfinishedRuns({ messageKey: 'backup.error.interrupted', params: {} });
    if (interrupted > 0) deps.log.warn({ runs: interrupted }, 'backup runs were interrupted by a restart');
  }

  #now(): Date {
    return this.#deps.now?.() ?? new Date();
  }

  #stored(): BackupSettings | null {
    return this.#deps.store.settings<BackupSettings>();
  }

  configured(): boolean {
    return (this.#stored()?.targets.length ?? 0) > 0 && this.#deps.store.passphrases().length > 0;
  }

  settingsView() {
    const stored = this.#stored();
    const settings = stored ?? { ...DEFAULT_SETTINGS, setUpAt: this.#now().toISOString() };
    const [latest] = this.#deps.store.passphrases();
    const lastBackup = this.#deps.store.lastRun('backup', ['succeeded', 'partial', 'failed']);
    return {
      configured: this.configured(),
      enabled: this.configured() && settings.enabled,
      schedule: settings.schedule,
      maxAgeDays: settings.maxAgeDays,
      targets: settings.targets.map((t) =>
        targetView(t, this.#deps.store.secret(t.id) !== null, describeTarget(withSecret(t, null))),
      ),
      passphrase: { set: latest !== undefined, setAt: latest?.setAt ?? null },
      folders: settings.folders,
      excludes: settings.excludes,
      excludedServices: settings.excludedServices,
      verify: settings.verify,
      sources: { cockpit: this.#deps.layout.cockpitSources, services: this.#deps.services() },
      nextRunAt:
        this.configured() && settings.enabled
          ? nextRunAfter(settings.schedule, new Date(lastBackup?.startedAt ?? settings.setUpAt)).toISOString()
          : null,
    };
  }

  overview() {
    return { settings: this.settingsView(), job: this.#slot.view(), lastRun: this.runs(1)[0] ?? null };
  }

  saveSettings(input: SettingsInput, actor: string) {
    const stored = this.#stored();
    const { settings, secrets, errors } = mergeSettings(input, stored, {
      passphraseSet: this.#deps.store.passphrases().length > 0,
      serviceIds: this.#deps.services().map((s) => s.id),
      now: this.#now(),
    });
    if (errors.length > 0)
      throw new HausmeisterError('BAD_INPUT', { messageKey: 'error.badInput', fields: errors });
    const sealed = Object.fromEntries(
      Object.entries(secrets).map(([id, secret]) => [
        id,
        secret === null ? null : this.#credentials.sealTargetSecret(id, secret),
      ]),
    );
    const passphrase = input.passphrase ? this.#credentials.sealPassphrase(input.passphrase) : null;
    this.#deps.store.saveSettings(settings, sealed, passphrase);
    this.#listings.clear();
    this.#deps.log.info(
      { actor, targets: settings.targets.length, passphraseChanged: passphrase !== null },
      'backup settings saved',
    );
    this.#deps.onChange({ job: this.#slot.view(), enabled: settings.enabled });
    return this.settingsView();
  }

  /** The service switch: scheduled backups on or off. */
  setEnabled(on: boolean, actor: string): void {
    const stored = this.#stored();
    if (on && (!stored || !this.configured()))
      throw new HausmeisterError('CONFLICT', { messageKey: 'backup.error.notConfigured' });
    if (!stored) return;
    this.#deps.store.saveSettings({ ...stored, enabled: on }, {}, null);
    this.#deps.log.info({ actor, enabled: on }, 'scheduled backups switched');
    this.#deps.onChange({ job: this.#slot.view(), enabled: on });
  }

  isEnabled(): boolean {
    return this.configured() && (this.#stored()?.enabled ?? false);
  }

  /** "Test connection" for a target as entered in the wizard; a stored secret is used when none is given. */
  async testTarget(input: TargetInput): Promise<{ ok: true; description: string }> {
    const stored = input.id ? this.#stored()?.targets.find((t) => t.id === input.id) : undefined;
    const config = this.#credentials.fromInput(input, stored);
    const result = (await this.#deps.launcher.run(
      { action: 'test-target', target: config },
      () => undefined,
    )) as {
      target?: string;
    };
    return { ok: true, description: result.target ?? describeTarget(config) };
  }

  startBackup(kind: 'auto' | 'full' | 'incremental', trigger: Trigger): JobView {
    const settings = this.#require();
    const passphrase = this.#credentials.passphrases()[0] as string;
    return this.#slot.start('backup', trigger, async (onProgress, signal) => {
      const targets = this.#credentials.targets(settings);
      const request: BackupJobRequest = {
        action: 'backup',
        stateDir: this.#deps.layout.jobStateDir,
        targets,
        passphrase,
        sources: [...this.#deps.layout.cockpitSources, ...settings.folders].map((path) => ({ path })),
        excludes: [
          ...settings.excludes,
          ...this.#deps
            .services()
            .filter((s) => settings.excludedServices.includes(s.id))
            .flatMap((s) => s.paths.flatMap((p) => [p, `${p}/**`])),
        ],
        skip: this.#deps.layout.skip,
        kind,
        databases: this.#deps.layout.databases,
      };
      const result = (await this.#deps.launcher.run(request, onProgress, signal)) as BackupRunResult;
      const okTargets = result.targets.filter((t) => t.ok).length;
      const details: Record<string, unknown> = {};
      // The report says when a run completed a backup an interrupted one had begun.
      if (result.resumedVolumes > 0) details.resumedVolumes = result.resumedVolumes;
      if (okTargets > 0) {
        try {
          details.pruned = await this.#deps.launcher.run(
            {
              action: 'prune',
              targets: targets.filter((_, i) => result.targets[i]?.ok),
              passphrase,
              maxAgeDays: settings.maxAgeDays,
            },
            () => undefined,
            signal,
          );
        } catch (error) {
          result.stats.warnings.push(messageOf(error));
        }
      }
      return {
        state: okTargets === result.targets.length ? 'succeeded' : 'partial',
        backupId: result.id,
        kind: result.kind,
        result: { ...result, details },
      };
    });
  }

  startVerify(backupId: string | undefined, trigger: Trigger): JobView {
    const settings = this.#require();
    const [passphrase, ...olderPassphrases] = this.#credentials.passphrases() as [string, ...string[]];
    return this.#slot.start('verify', trigger, async (onProgress, signal) => {
      const result = (await this.#deps.launcher.run(
        {
          action: 'verify',
          targets: this.#credentials.targets(settings),
          passphrase,
          olderPassphrases,
          backupId,
        },
        onProgress,
        signal,
      )) as { backups: { ok: boolean }[] };
      return {
        state: result.backups.every((b) => b.ok) ? 'succeeded' : 'failed',
        backupId: backupId ?? null,
        result: { details: result },
        error: result.backups.every((b) => b.ok)
          ? undefined
          : { messageKey: 'backup.error.damaged', params: {} },
      };
    });
  }

  startRestore(
    input: { backupId: string; paths: string[]; destination: string | null },
    trigger: Trigger,
  ): JobView {
    const settings = this.#require();
    const [passphrase, ...olderPassphrases] = this.#credentials.passphrases() as [string, ...string[]];
    return this.#slot.start('restore', trigger, async (onProgress, signal) => {
      const result = (await this.#deps.launcher.run(
        {
          action: 'restore',
          targets: this.#credentials.targets(settings),
          passphrase,
          olderPassphrases,
          backupId: input.backupId,
          paths: input.paths,
          destination: input.destination,
          protect: this.#deps.layout.protect,
        },
        onProgress,
        signal,
      )) as RestoreResult;
      const warnings: Message[] = result.skipped.map((s) => ({
        messageKey: `backup.warning.${s.reason}`,
        params: { path: s.path },
      }));
      if (result.ownersNotKept > 0)
        warnings.push({
          messageKey: 'backup.warning.ownersNotKept',
          params: { count: result.ownersNotKept },
        });
      return {
        state: 'succeeded',
        backupId: input.backupId,
        result: { details: result, stats: { warnings } },
      };
    });
  }

  /** Backups on the targets, newest first. */
  async listBackups(): Promise<ListedBackup[]> {
    const settings = this.#require();
    const result = (await this.#deps.launcher.run(
      {
        action: 'list',
        targets: this.#credentials.targets(settings),
        passphrase: this.#credentials.passphrases()[0] as string,
      },
      () => undefined,
    )) as { backups: ListedBackup[] };
    return result.backups;
  }

  /** One folder of a backup; its subfolders come along, so walking down needs no job per click. */
  async browse(backupId: string, folder: string): Promise<BrowsedFolder> {
    const settings = this.#require();
    const cached = this.#listings.get(backupId, folder);
    if (cached) return { backupId, folder, entries: cached };
    const [passphrase, ...olderPassphrases] = this.#credentials.passphrases() as [string, ...string[]];
    const answer = (await this.#deps.launcher.run(
      {
        action: 'browse',
        targets: this.#credentials.targets(settings),
        passphrase,
        olderPassphrases,
        backupId,
        folder,
      },
      () => undefined,
    )) as BrowsedListings;
    this.#listings.add(backupId, answer.listings);
    return { backupId, folder, entries: this.#listings.get(backupId, folder) ?? [] };
  }

  cancel(): boolean {
    return this.#slot.cancel();
  }

  job(): JobView | null {
    return this.#slot.view();
  }

  runs(limit: number): RunView[] {
    return this.#deps.store.runs(limit).map(runView);
  }

  /** The last backup that ended (not verify or restore), for the reports. */
  lastBackup(): RunView | null {
    const record = this.#deps.store.lastRun('backup', ['succeeded', 'partial', 'failed']);
    return record ? runView(record) : null;
  }

  /** Starts the schedule: a first look soon after start (to catch up on a missed run), then every minute. */
  startSchedule(): void {
    const tick = () => {
      try {
        this.tick();
      } catch (error) {
        this.#deps.log.error({ err: error }, 'backup schedule check failed');
      }
    };
    const first = setTimeout(() => {
      tick();
      this.#timer = setInterval(tick, TICK_MS);
      this.#timer.unref();
    }, FIRST_TICK_MS);
    first.unref();
    this.#timer = first;
  }

  /** Starts a due backup, or a due integrity check, when nothing else runs. */
  tick(): void {
    if (this.#slot.view() || !this.isEnabled()) return;
    const startedAt = (action: string, states: string[]) => {
      const run = this.#deps.store.lastRun(action, states);
      return run ? new Date(run.startedAt) : null;
    };
    const due = dueJob(this.#stored() as BackupSettings, this.#now(), {
      lastBackup: startedAt('backup', ['succeeded', 'partial', 'failed', 'interrupted']),
      lastGoodBackup: startedAt('backup', ['succeeded', 'partial']),
      lastVerify: startedAt('verify', ['succeeded', 'failed']),
    });
    if (due === 'backup') this.startBackup('auto', 'schedule');
    else if (due === 'verify') this.startVerify(undefined, 'schedule');
  }

  /** Stops the schedule and cancels a running job (the next run discards what it left). */
  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#slot.close();
  }

  #require(): BackupSettings {
    const settings = this.#stored();
    if (!settings || !this.configured())
      throw new HausmeisterError('CONFLICT', { messageKey: 'backup.error.notConfigured' });
    return settings;
  }
}
