// The Backups card of the configuration page: set up or not, where to and when the next backup runs,
// and the button that opens the wizard.
import { useState } from 'react';
import { UiIcon } from '../../components/ServiceIcon.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import { useBackupLive } from './backup-live.js';
import { BackupWizard } from './BackupWizard.js';
import { useQuantities } from './quantities.js';
import { describeSchedule } from './SummaryStep.js';

export function BackupSettingsCard() {
  const { t, formatDateTime } = useI18n();
  const q = useQuantities();
  const live = useBackupLive();
  const [open, setOpen] = useState(false);
  const settings = live.overview?.settings;

  return (
    <section className="card backup-card" aria-labelledby="configuration-backups" data-card="backups">
      <h2 id="configuration-backups">{t('configuration.backups.title')}</h2>
      <p className="muted">{t('configuration.backups.text')}</p>
      {!settings && live.loadError === null && <p role="status">{t('common.loading')}</p>}
      {live.loadError !== null && <p className="error-text">{t('backupUi.report.loadFailed')}</p>}
      {settings && (
        <p className="backup-card-state" data-configured={settings.configured}>
          <span
            className={`state-dot ${settings.configured && settings.enabled ? 'state-dot-running' : ''}`}
            aria-hidden="true"
          />
          {!settings.configured
            ? t('backupUi.card.notConfigured')
            : settings.enabled
              ? t('backupUi.card.on', {
                  schedule: describeSchedule(t, q, settings.schedule),
                  next: formatDateTime(settings.nextRunAt),
                })
              : t('backupUi.card.off')}
        </p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          onClick={() => setOpen(true)}
          disabled={!settings}
          data-action="open-wizard"
        >
          <UiIcon name="gear" />
          {settings?.configured ? t('backupUi.card.change') : t('backupUi.report.setUp')}
        </button>
        {settings?.configured && (
          <Link to="/reporting#backup" className="button button-ghost">
            {t('backupUi.card.report')}
          </Link>
        )}
      </div>
      {open && (
        <BackupWizard
          onClose={() => {
            setOpen(false);
            void live.reload();
          }}
        />
      )}
    </section>
  );
}
