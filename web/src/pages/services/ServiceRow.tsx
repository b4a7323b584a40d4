// One service in the list: icon, name, state in words, why it failed, its settings and status switch.
import { useEffect, useState } from 'react';
import { api, isApiError } from '../../api/client.js';
import { useLive } from '../../api/live.js';
import type { ServiceView } from '../../api/types.js';
import { Banner, describeError } from '../../components/Banner.js';
import { ServiceIcon, UiIcon } from '../../components/ServiceIcon.js';
import { StatusSwitch } from '../../components/StatusSwitch.js';
import { useI18n, type Translate } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import { BackupWizard } from '../backup/BackupWizard.js';
import { LogDialog } from './LogDialog.js';
import { PackagesNotice } from './PackagesNotice.js';
import { SettingsDialog } from './SettingsDialog.js';

export function ServiceRow({ service }: { service: ServiceView }) {
  const { t, pick, formatDateTime } = useI18n();
  const { applyAnswer, ticket } = useLive();
  // The position the user asked for, until the daemon has answered the request.
  const [requested, setRequested] = useState<boolean | null>(null);
  const [actionError, setActionError] = useState<{ starting: boolean; error: unknown } | null>(null);
  const [saved, setSaved] = useState(false);
  const [dialog, setDialog] = useState<'settings' | 'log' | null>(null);
  // The Backup service's settings are the backup wizard (the source: its settings icon opens it).
  const isBackup = service.id === 'backup';

  const serverPending = service.pending || service.state === 'starting' || service.state === 'stopping';
  const pending = requested !== null || serverPending;
  const checked = requested ?? (serverPending ? service.state === 'starting' : service.state === 'running');
  const name = pick(service.name);
  const failed = service.state === 'failed';

  useEffect(() => {
    if (!saved) return;
    const timer = window.setTimeout(() => setSaved(false), 6000);
    return () => window.clearTimeout(timer);
  }, [saved]);

  const toggle = async (next: boolean) => {
    setRequested(next);
    setActionError(null);
    setSaved(false);
    const sent = ticket(service.id);
    try {
      applyAnswer(await (next ? api.start(service.id) : api.stop(service.id)), sent);
    } catch (error) {
      setActionError({ starting: next, error });
    } finally {
      setRequested(null);
    }
  };

  return (
    <li
      className={`service-row state-${service.state}`}
      data-service={service.id}
      aria-labelledby={`service-${service.id}-name`}
    >
      <div className="service-main">
        <ServiceIcon name={service.icon} />
        <h3 id={`service-${service.id}-name`} className="service-name">
          {name}
        </h3>
        <div className="service-controls">
          {service.builtin && service.icon === 'firewall' && (
            <Link
              to="/configuration"
              className="icon-button"
              aria-label={t('services.firewallRules')}
              title={t('services.firewallRules')}
            >
              <UiIcon name="log" />
            </Link>
          )}
          {(!service.builtin || isBackup) && (
            <button
              type="button"
              className="icon-button"
              onClick={() => setDialog('settings')}
              aria-label={t('services.settingsOf', { name })}
              title={t('services.settingsOf', { name })}
              data-action="settings"
            >
              <UiIcon name="gear" />
            </button>
          )}
          <StatusSwitch
            label={t('services.switchLabel', { name })}
            checked={checked}
            pending={pending}
            pendingText={checked ? t('services.state.starting') : t('services.state.stopping')}
            lockedReason={service.locked ? t('services.lockedReason') : undefined}
            onToggle={(next) => void toggle(next)}
          />
        </div>
        <div className="service-details">
          <p className="service-description">{pick(service.description)}</p>
          <p className="service-state" aria-live="polite">
            <span className={`state-dot state-dot-${service.state}`} aria-hidden="true" />
            {stateText(t, service, formatDateTime)}
            {service.locked && <span className="badge">{t('services.alwaysOn')}</span>}
          </p>
          {!failed && service.reason && service.state !== 'starting' && (
            <p className="service-note">{t(service.reason.messageKey, service.reason.params)}</p>
          )}
        </div>
      </div>

      {failed && service.reason && (
        <div className="service-problem" data-problem>
          <Banner
            kind="error"
            title={t(service.reason.messageKey, service.reason.params)}
            action={
              !service.builtin && (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setDialog('log')}
                  data-action="log"
                >
                  <UiIcon name="log" />
                  {t('services.showLog')}
                </button>
              )
            }
          >
            {service.restarts > 0 && <p>{t('services.restarts', { count: service.restarts })}</p>}
          </Banner>
        </div>
      )}
      {actionError && (
        <div className="service-problem">
          <Banner
            kind="error"
            title={t(actionError.starting ? 'services.startFailed' : 'services.stopFailed', { name })}
            action={
              isBackup &&
              isApiError(actionError.error) &&
              actionError.error.messageKey === 'backup.error.notConfigured' ? (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setDialog('settings')}
                >
                  {t('backupUi.report.setUp')}
                </button>
              ) : (
                <button type="button" className="button button-ghost" onClick={() => setActionError(null)}>
                  {t('common.dismiss')}
                </button>
              )
            }
          >
            <p>{describeError(t, actionError.error)}</p>
          </Banner>
        </div>
      )}
      {saved && (
        <div className="service-problem">
          <Banner kind="success" title={t('settings.saved')} />
        </div>
      )}
      {!service.builtin && <PackagesNotice service={service} />}

      {dialog === 'log' && <LogDialog service={service} onClose={() => setDialog(null)} />}
      {dialog === 'settings' && isBackup && (
        <BackupWizard
          onClose={() => {
            setDialog(null);
            setActionError(null);
          }}
        />
      )}
      {dialog === 'settings' && !isBackup && (
        <SettingsDialog
          service={service}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            setSaved(true);
          }}
        />
      )}
    </li>
  );
}

function stateText(t: Translate, service: ServiceView, formatDateTime: (iso: string) => string): string {
  switch (service.state) {
    case 'running':
      return t('services.state.runningSince', { since: formatDateTime(service.since) });
    case 'failed':
      return t('services.state.failedSince', { since: formatDateTime(service.since) });
    default:
      return t(`services.state.${service.state}`);
  }
}
