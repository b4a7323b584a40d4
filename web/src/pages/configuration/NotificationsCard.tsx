// The notifications card (Konfiguration → Benachrichtigungen): how often reports come and to whom,
// the system checks and the monitored services. Usable once the SMTP account is active.
import { useEffect, useState } from 'react';
import { useLive } from '../../api/live.js';
import {
  notificationsApi,
  type NotificationSettings,
  type NotificationsView,
} from '../../api/notifications-client.js';
import { Banner, ErrorBanner } from '../../components/Banner.js';
import {
  CheckField,
  NumberField,
  SelectField,
  TextField,
  type FieldBinding,
} from '../../components/FormFields.js';
import type { FieldProblem } from '../../components/settings-validation.js';
import { useI18n } from '../../i18n/i18n.js';
import { NotificationChecks } from './NotificationChecks.js';

const FREQUENCIES = ['off', 'hourly', 'daily', 'weekly', 'monthly'] as const;
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/** `reload` changes when the SMTP account changed, so the card learns that mail can go out now. */
export function NotificationsCard({ reload }: { reload: number }) {
  const { t, pick, formatDateTime, language } = useI18n();
  const { services } = useLive();
  const [view, setView] = useState<NotificationsView | null>(null);
  const [draft, setDraft] = useState<NotificationSettings | null>(null);
  const [recipients, setRecipients] = useState('');
  const [loadError, setLoadError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<
    { kind: 'saved' | 'queued'; subject?: string } | { kind: 'failed'; error: unknown } | null
  >(null);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  useEffect(() => {
    notificationsApi
      .view()
      .then((loaded) => {
        setView(loaded);
        // Never set up: the reports start in the language the owner uses the cockpit in.
        const fresh = loaded.settings.recipients.length === 0 && loaded.lastReportAt === null;
        setDraft((current) => current ?? (fresh ? { ...loaded.settings, language } : loaded.settings));
        setRecipients((current) => current || loaded.settings.recipients.join(', '));
        setLoadError(null);
      })
      .catch(setLoadError);
  }, [reload]);

  if (!view || !draft)
    return (
      <section className="card" aria-labelledby="notifications-title" data-card="notifications">
        <h2 id="notifications-title">{t('configuration.notifications.title')}</h2>
        {loadError !== null ? <ErrorBanner error={loadError} /> : <p role="status">{t('common.loading')}</p>}
      </section>
    );

  const addresses = recipients.split(/[\s,;]+/).filter(Boolean);
  const problems: Record<string, FieldProblem | undefined> = {
    recipients:
      draft.frequency !== 'off' && addresses.length === 0
        ? { messageKey: 'notifications.error.recipientsRequired' }
        : addresses.find((a) => !ADDRESS.test(a))
          ? { messageKey: 'smtpUi.error.address' }
          : undefined,
    warning:
      draft.checks.disk.warningPercent >= draft.checks.disk.criticalPercent
        ? { messageKey: 'notifications.error.warningBelowCritical' }
        : undefined,
  };
  const bind = (id: string, shown = true): FieldBinding => ({
    id: `notifications-${id}`,
    problem: shown ? problems[id] : undefined,
    touch: () => setOutcome(null),
  });
  const set = (change: Partial<NotificationSettings>) => setDraft({ ...draft, ...change });

  const save = async () => {
    setTried(true);
    if (Object.values(problems).some(Boolean)) return;
    setBusy(true);
    try {
      const saved = await notificationsApi.save({ ...draft, recipients: addresses });
      setView(saved);
      setOutcome({ kind: 'saved' });
    } catch (error) {
      setOutcome({ kind: 'failed', error });
    } finally {
      setBusy(false);
    }
  };
  const sendNow = async () => {
    setBusy(true);
    try {
      const queued = await notificationsApi.sendReport();
      setOutcome({ kind: 'queued', subject: queued.subject });
    } catch (error) {
      setOutcome({ kind: 'failed', error });
    } finally {
      setBusy(false);
    }
  };

  const locked = !view.smtpActive;
  return (
    <section
      className="card notifications-card"
      aria-labelledby="notifications-title"
      data-card="notifications"
    >
      <h2 id="notifications-title">{t('configuration.notifications.title')}</h2>
      <p className="muted">{t('notificationsUi.intro')}</p>
      {locked && (
        <Banner kind="notice" title={t('notificationsUi.lockedTitle')}>
          <p>{t('notifications.error.smtpInactive')}</p>
        </Banner>
      )}
      {outcome?.kind === 'saved' && <Banner kind="success" title={t('notificationsUi.saved')} />}
      {outcome?.kind === 'queued' && (
        <Banner kind="success" title={t('notificationsUi.queued', { subject: outcome.subject ?? '' })}>
          <p>{t('notificationsUi.queuedText')}</p>
        </Banner>
      )}
      {outcome?.kind === 'failed' && (
        <ErrorBanner error={outcome.error} title={t('notificationsUi.failed')} />
      )}
      <form
        className="smtp-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset disabled={locked} className="plain-fieldset">
          <SelectField
            binding={bind('frequency')}
            label={t('notificationsUi.frequency')}
            help={t('notificationsUi.frequencyHelp')}
            value={draft.frequency}
            options={FREQUENCIES.map((f) => ({ value: f, label: t(`notificationsUi.frequency.${f}`) }))}
            onChange={(frequency) => set({ frequency })}
          />
          {draft.frequency !== 'off' && draft.frequency !== 'hourly' && (
            <TextField
              binding={bind('time')}
              label={t('notificationsUi.time')}
              type="time"
              value={draft.timeOfDay}
              onChange={(timeOfDay) => set({ timeOfDay })}
            />
          )}
          <TextField
            binding={bind('recipients', tried || recipients !== '')}
            label={t('notificationsUi.recipients')}
            help={t('notificationsUi.recipientsHelp')}
            value={recipients}
            onChange={setRecipients}
          />
          <SelectField
            binding={bind('language')}
            label={t('notificationsUi.language')}
            value={draft.language}
            options={[
              { value: 'de', label: 'Deutsch' },
              { value: 'en', label: 'English' },
            ]}
            onChange={(language) => set({ language })}
          />
          <NotificationChecks checks={draft.checks} onChange={(checks) => set({ checks })} bind={bind} />
          <h3>{t('notificationsUi.alerts')}</h3>
          <CheckField
            binding={bind('alerts')}
            label={t('notificationsUi.alertsOn')}
            checked={draft.alerts.enabled}
            onChange={(enabled) => set({ alerts: { ...draft.alerts, enabled } })}
          />
          {draft.alerts.enabled && (
            <NumberField
              binding={bind('repeat')}
              label={t('notificationsUi.repeatHours')}
              min={1}
              max={168}
              value={draft.alerts.repeatHours}
              onChange={(repeatHours) => set({ alerts: { ...draft.alerts, repeatHours } })}
            />
          )}
          <h3>{t('notificationsUi.services')}</h3>
          <p className="field-help">{t('notificationsUi.servicesHelp')}</p>
          {(services ?? []).map((service) => (
            <CheckField
              key={service.id}
              binding={bind(`service-${service.id}`)}
              label={pick(service.name)}
              checked={draft.services.includes(service.id)}
              onChange={(on) =>
                set({
                  services: on
                    ? [...draft.services, service.id]
                    : draft.services.filter((id) => id !== service.id),
                })
              }
            />
          ))}
          {view.lastReportAt && (
            <p className="field-help">
              {t('notificationsUi.lastReport', { at: formatDateTime(view.lastReportAt) })}
            </p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="button button-secondary"
              disabled={busy || view.settings.recipients.length === 0}
              onClick={() => void sendNow()}
              data-action="send-report"
            >
              {t('notificationsUi.sendNow')}
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={busy}
              data-action="save-notifications"
            >
              {t('common.save')}
            </button>
          </div>
        </fieldset>
      </form>
    </section>
  );
}
