// Reporting → Backup: the running job with its progress, "Back up now", "Verify backups", "Restore",
// and the record of every run; or, before backups are set up, how to set them up.
import { useEffect, useState } from 'react';
import { backupApi } from '../../api/backup-client.js';
import type { RunView } from '../../api/backup-types.js';
import { Banner, ErrorBanner } from '../../components/Banner.js';
import { UiIcon } from '../../components/ServiceIcon.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import { useBackupLive } from '../backup/backup-live.js';
import { BackupWizard } from '../backup/BackupWizard.js';
import { JobProgress } from '../backup/JobProgress.js';
import { useQuantities } from '../backup/quantities.js';
import { RestoreDialog } from '../backup/RestoreDialog.js';
import { describeSchedule } from '../backup/SummaryStep.js';
import { BackupRunsTable } from './BackupRunsTable.js';

export function BackupReport() {
  const { t, formatDateTime } = useI18n();
  const q = useQuantities();
  const live = useBackupLive();
  const [runs, setRuns] = useState<RunView[] | null>(null);
  const [runsError, setRunsError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<'wizard' | 'restore' | null>(null);
  const [sending, setSending] = useState<'run' | 'verify' | null>(null);
  const [actionError, setActionError] = useState<{ what: 'run' | 'verify'; error: unknown } | null>(null);

  const loadRuns = async () => {
    try {
      setRuns((await backupApi.runs(50)).runs);
      setRunsError(null);
    } catch (error) {
      setRunsError(error);
    }
  };
  useEffect(() => {
    void loadRuns();
  }, []);

  // A run that finished while the page is open goes to the top of the record; a started one shows as running.
  const jobRunId = live.job?.runId;
  useEffect(() => {
    if (live.finished.length === 0 && jobRunId === undefined) return;
    void loadRuns();
  }, [live.finished, jobRunId]);

  const start = async (what: 'run' | 'verify') => {
    setSending(what);
    setActionError(null);
    try {
      live.adoptJob(what === 'run' ? await backupApi.run('auto') : await backupApi.verify());
    } catch (error) {
      setActionError({ what, error });
    } finally {
      setSending(null);
    }
  };

  const settings = live.overview?.settings;
  const busy = live.job !== null || sending !== null;

  return (
    <div className="backup-report">
      {live.loadError !== null && (
        <ErrorBanner
          error={live.loadError}
          title={t('backupUi.report.loadFailed')}
          action={
            <button type="button" className="button button-secondary" onClick={() => void live.reload()}>
              {t('common.retry')}
            </button>
          }
        />
      )}
      {!settings && live.loadError === null && <p role="status">{t('common.loading')}</p>}
      {settings && !settings.configured && (
        <section className="card backup-empty" aria-labelledby="backup-empty-title">
          <h2 id="backup-empty-title">{t('backupUi.report.emptyTitle')}</h2>
          <p>{t('backupUi.report.emptyText')}</p>
          <p className="muted">{t('backupUi.report.emptyHow')}</p>
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              onClick={() => setDialog('wizard')}
              data-action="open-wizard"
            >
              <UiIcon name="gear" />
              {t('backupUi.report.setUp')}
            </button>
            <Link to="/services" className="button button-secondary">
              {t('backupUi.report.toServices')}
            </Link>
          </div>
        </section>
      )}
      {settings?.configured && (
        <section className="card backup-status" aria-labelledby="backup-status-title">
          <div className="backup-status-head">
            <h2 id="backup-status-title">{t('backupUi.report.title')}</h2>
            <button
              type="button"
              className="button button-ghost button-small"
              onClick={() => setDialog('wizard')}
              data-action="open-wizard"
            >
              <UiIcon name="gear" />
              {t('backupUi.report.settings')}
            </button>
          </div>
          <dl className="facts">
            <div>
              <dt>{t('backupUi.report.schedule')}</dt>
              <dd>
                {settings.enabled
                  ? describeSchedule(t, q, settings.schedule)
                  : t('backupUi.report.scheduleOff')}
              </dd>
            </div>
            <div>
              <dt>{t('backupUi.report.next')}</dt>
              <dd>{settings.enabled ? formatDateTime(settings.nextRunAt) : t('backupUi.report.noNext')}</dd>
            </div>
            <div>
              <dt>{t('backupUi.report.targets')}</dt>
              <dd>
                {settings.targets.map((target) => (
                  <span key={target.id} className="fact-line">
                    {target.description}
                  </span>
                ))}
              </dd>
            </div>
          </dl>
          {live.job && <JobProgress job={live.job} />}
          {actionError && (
            <ErrorBanner
              error={actionError.error}
              title={t(
                actionError.what === 'run' ? 'backupUi.report.runFailed' : 'backupUi.report.verifyFailed',
              )}
            />
          )}
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              onClick={() => void start('run')}
              disabled={busy}
              data-action="backup-now"
            >
              {sending === 'run' ? t('backupUi.report.starting') : t('backupUi.report.backUpNow')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void start('verify')}
              disabled={busy}
              data-action="verify"
            >
              {sending === 'verify' ? t('backupUi.report.starting') : t('backupUi.report.verify')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setDialog('restore')}
              data-action="restore"
            >
              {t('backupUi.report.restore')}
            </button>
          </div>
        </section>
      )}
      {settings && !settings.enabled && settings.configured && (
        <Banner kind="notice" title={t('backupUi.report.offTitle')}>
          <p>{t('backupUi.report.offText')}</p>
        </Banner>
      )}
      {runsError !== null && <ErrorBanner error={runsError} title={t('backupUi.report.runsFailed')} />}
      {runs !== null && (runs.length > 0 || settings?.configured) && <BackupRunsTable runs={runs} />}
      {dialog === 'wizard' && <BackupWizard onClose={() => setDialog(null)} />}
      {dialog === 'restore' && <RestoreDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
