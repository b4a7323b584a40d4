// System notifications: the owner's settings (how often, to whom, which checks, which services), and
// the report built from the checks and the services' states, handed to the outbox. Reports can only
// be switched on once the outgoing mail server is active.
import { HausmeisterError, type FieldError } from '../../errors.js';
import type { Language } from '../../i18n/texts.js';
import type { Logger } from '../../logger.js';
import { nextOccurrenceAfter } from '../../schedule/calendar.js';
import type { NotificationStore } from '../../store/notification-store.js';
import type { OutgoingMail } from '../smtp/index.js';
import { alertMail, alertsToSend, criticalProblems, type Problem } from './alerts.js';
import { reportMail, type ServiceStatus } from './report-mail.js';
import {
  DEFAULT_CHECKS,
  runChecks,
  type CheckSettings,
  type SystemCheck,
  type SystemReadings,
} from './system-checks.js';

export type ReportFrequency = 'off' | 'hourly' | 'daily' | 'weekly' | 'monthly';

export interface NotificationSettings {
  frequency: ReportFrequency;
  /** HH:MM, local time, for daily, weekly (Mondays) and monthly (the 1st) reports. */
  timeOfDay: string;
  recipients: string[];
  language: Language;
  checks: CheckSettings;
  /** Ids of the monitored services: each report states theirs. */
  services: string[];
  /** Folders whose filesystems are watched besides the data filesystems (a USB disk, a media folder). */
  extraFolders: string[];
  /** Critical problems mailed at once; the same problem again only after `repeatHours`. */
  alerts: { enabled: boolean; repeatHours: number };
}

export const DEFAULT_NOTIFICATIONS: NotificationSettings = {
  frequency: 'off',
  timeOfDay: '07:00',
  recipients: [],
  language: 'de',
  checks: DEFAULT_CHECKS,
  services: [],
  extraFolders: [],
  alerts: { enabled: true, repeatHours: 24 },
};

export interface NotificationsDeps {
  store: NotificationStore;
  checks: SystemCheck[];
  readSystem(extraFolders: string[]): Promise<SystemReadings>;
  services(): ServiceStatus[];
  /** The outgoing mail server passed its test: mails can go out. */
  smtpActive(): boolean;
  enqueue(kind: string, mail: OutgoingMail): number;
  boxName: string;
  /** The kernel's id of this boot (null where it cannot be read): unexpected restarts are told by it. */
  bootId: string | null;
  log: Logger;
  now?: () => Date;
}

const CHECK_SCHEDULE_MS = 60_000;

export class Notifications {
  readonly #deps: NotificationsDeps;
  #timer: NodeJS.Timeout | null = null;
  #reporting: Promise<unknown> | null = null;
  #alerting: Promise<void> = Promise.resolve();

  constructor(deps: NotificationsDeps) {
    this.#deps = deps;
  }

  settings(): NotificationSettings {
    const saved = this.#deps.store.settings<NotificationSettings>();
    // Checks added since the owner last saved start with their defaults.
    return { ...DEFAULT_NOTIFICATIONS, ...saved, checks: { ...DEFAULT_CHECKS, ...saved?.checks } };
  }

  view() {
    return {
      settings: this.settings(),
      smtpActive: this.#deps.smtpActive(),
      lastReportAt: this.#deps.store.lastReportAt(),
    };
  }

  /** Checks left out of `input` keep their settings. */
  saveSettings(
    given: Omit<NotificationSettings, 'checks'> & { checks: Partial<CheckSettings> },
  ): ReturnType<Notifications['view']> {
    const input = { ...given, checks: { ...this.settings().checks, ...given.checks } };
    const errors: FieldError[] = [];
    if (input.frequency !== 'off' && !this.#deps.smtpActive())
      errors.push({ field: 'frequency', messageKey: 'notifications.error.smtpInactive' });
    if (input.frequency !== 'off' && input.recipients.length === 0)
      errors.push({ field: 'recipients', messageKey: 'notifications.error.recipientsRequired' });
    if (input.checks.temperature.warningCelsius >= input.checks.temperature.criticalCelsius)
      errors.push({
        field: 'checks.temperature.warningCelsius',
        messageKey: 'notifications.error.warningBelowCritical',
      });
    if (input.checks.disk.warningPercent >= input.checks.disk.criticalPercent)
      errors.push({
        field: 'checks.disk.warningPercent',
        messageKey: 'notifications.error.warningBelowCritical',
      });
    const known = new Set(this.#deps.services().map((s) => s.id));
    input.services.forEach((id, i) => {
      if (!known.has(id))
        errors.push({
          field: `services.${i}`,
          messageKey: 'notifications.error.unknownService',
          params: { id },
        });
    });
    if (errors.length > 0)
      throw new HausmeisterError('BAD_INPUT', { messageKey: 'error.badInput', fields: errors });
    this.#deps.store.save({ ...input, recipients: [...new Set(input.recipients.map((r) => r.trim()))] });
    // New thresholds or services: what is critical now is decided at once, not a minute later.
    void this.checkAlerts();
    return this.view();
  }

  /** The per-service "Notifications?" switch: adds the service to monitoring or takes it out. */
  setMonitored(id: string, monitored: boolean): ReturnType<Notifications['view']> {
    if (!this.#deps.smtpActive())
      throw new HausmeisterError('SMTP_NOT_ACTIVE', { messageKey: 'notifications.error.smtpInactive' });
    if (!this.#deps.services().some((s) => s.id === id))
      throw new HausmeisterError('NOT_FOUND', {
        messageKey: 'notifications.error.unknownService',
        params: { id },
      });
    const settings = this.settings();
    const services = monitored
      ? [...new Set([...settings.services, id])]
      : settings.services.filter((s) => s !== id);
    this.#deps.store.save({ ...settings, services });
    void this.checkAlerts();
    return this.view();
  }

  /** Builds the report now and puts it into the outbox; resolves with its outbox id and subject. */
  async sendReport(trigger: 'owner' | 'schedule'): Promise<{ id: number; subject: string }> {
    if (!this.#deps.smtpActive())
      throw new HausmeisterError('SMTP_NOT_ACTIVE', { messageKey: 'smtp.error.notActive' });
    const settings = this.settings();
    if (settings.recipients.length === 0)
      throw new HausmeisterError('BAD_INPUT', {
        messageKey: 'notifications.error.recipientsRequired',
        fields: [{ field: 'recipients', messageKey: 'notifications.error.recipientsRequired' }],
      });
    const readings = await this.#readings(settings);
    const findings = runChecks(this.#deps.checks, readings, settings.checks);
    const monitored = new Set(settings.services);
    const services = this.#deps.services().filter((s) => monitored.has(s.id));
    const at = this.#now();
    const mail = reportMail({
      language: settings.language,
      box: this.#deps.boxName,
      recipients: settings.recipients,
      findings,
      services,
      at,
    });
    const id = this.#deps.enqueue('report', mail);
    this.#deps.store.reportSent(at.toISOString());
    this.#deps.log.info({ trigger, subject: mail.subject, findings: findings.length }, 'report queued');
    return { id, subject: mail.subject };
  }

  /**
   * Whether a scheduled report is due: a report time has passed since the last report (or since the
   * settings were saved). A box that was off at that time reports soon after it starts, once.
   */
  reportDue(now = this.#now()): boolean {
    const settings = this.settings();
    if (settings.frequency === 'off') return false;
    const since = this.#deps.store.lastReportAt() ?? this.#deps.store.savedAt();
    if (!since) return false;
    // Weekly reports on Mondays, monthly ones on the 1st.
    const recurrence = {
      frequency: settings.frequency,
      timeOfDay: settings.timeOfDay,
      weekday: 1,
      dayOfMonth: 1,
    };
    return nextOccurrenceAfter(recurrence, new Date(since)) <= now;
  }

  /**
   * Mails what became critical since the last look, reminds of what still is after the period, and
   * says when a problem cleared. Runs one at a time; resolves when this look is done.
   */
  checkAlerts(): Promise<void> {
    this.#alerting = this.#alerting.then(() =>
      this.#checkAlerts().catch((error: unknown) =>
        this.#deps.log.warn({ err: error }, 'alerts not checked'),
      ),
    );
    return this.#alerting;
  }

  async #checkAlerts(): Promise<void> {
    const settings = this.settings();
    if (!settings.alerts.enabled || settings.recipients.length === 0 || !this.#deps.smtpActive()) return;
    const readings = await this.#readings(settings);
    const monitored = new Set(settings.services);
    const problems = criticalProblems(
      runChecks(this.#deps.checks, readings, settings.checks),
      this.#deps.services().filter((s) => monitored.has(s.id)),
      settings.language,
    );
    const now = this.#now();
    const mailed = this.#deps.store.alerts().map((a) => ({ ...a, problem: a.problem as Problem }));
    for (const alert of alertsToSend(problems, mailed, now, settings.alerts.repeatHours * 3_600_000)) {
      this.#deps.enqueue(
        'alert',
        alertMail({
          language: settings.language,
          box: this.#deps.boxName,
          recipients: settings.recipients,
          alert,
        }),
      );
      if (alert.kind === 'resolved') this.#deps.store.alertCleared(alert.problem.key);
      else this.#deps.store.alertMailed(alert.problem.key, alert.problem, now.toISOString());
      this.#deps.log.info({ kind: alert.kind, problem: alert.problem.key }, 'alert queued');
    }
  }

  async #readings(settings: NotificationSettings): Promise<SystemReadings> {
    const weekAgo = new Date(this.#now().getTime() - 7 * 86_400_000).toISOString();
    return {
      ...(await this.#deps.readSystem(settings.extraFolders)),
      unexpectedRestarts: this.#deps.store.unexpectedRestartsSince(weekAgo),
    };
  }

  /** Checks every minute whether a report is due and whether something became critical. */
  start(): void {
    if (this.#deps.bootId) this.#deps.store.recordStart(this.#deps.bootId, this.#now().toISOString());
    this.#timer ??= setInterval(() => {
      void this.checkAlerts();
      if (this.#reporting || !this.reportDue()) return;
      this.#reporting = this.sendReport('schedule')
        .catch((error: unknown) => this.#deps.log.warn({ err: error }, 'scheduled report not made'))
        .finally(() => (this.#reporting = null));
    }, CHECK_SCHEDULE_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#reporting;
    await this.#alerting;
    if (this.#deps.bootId) this.#deps.store.recordCleanStop(this.#deps.bootId);
  }

  #now(): Date {
    return (this.#deps.now ?? (() => new Date()))();
  }
}
