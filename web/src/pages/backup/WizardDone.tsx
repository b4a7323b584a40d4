// The wizard after Save: what is set up, when the next backup runs, and "Back up now" with its progress.
import { useEffect, useState } from 'react';
import { backupApi } from '../../api/backup-client.js';
import type { RunView, SettingsView } from '../../api/backup-types.js';
import { Banner, ErrorBanner } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import type { BackupLive } from './backup-live.js';
import { JobProgress } from './JobProgress.js';
import { RunOutcome } from './RunOutcome.js';

export function WizardDone({
  settings,
  live,
  newPassphrase,
  onClose,
}: {
  settings: SettingsView;
  live: BackupLive;
  newPassphrase: boolean;
  onClose(): void;
}) {
  const { t, formatDateTime } = useI18n();
  const [runId, setRunId] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<RunView | null>(null);
  const job = live.job && live.job.runId === runId ? live.job : null;
  const { findRun, finished } = live;

  useEffect(() => {
    if (runId === null || outcome) return;
    const run = finished.find((r) => r.id === runId);
    if (run) setOutcome(run);
  }, [finished, runId, outcome]);

  // The job may end before its answer arrives, or its last event may be missed: look it up then.
  const running = job !== null;
  useEffect(() => {
    if (runId === null || outcome || running || live.job) return;
    let stop = false;
    void findRun(runId).then((run) => {
      if (!stop && run) setOutcome(run);
    });
    return () => {
      stop = true;
    };
  }, [runId, outcome, running, live.job, findRun]);

  const backUpNow = async () => {
    setStarting(true);
    setError(null);
    setOutcome(null);
    try {
      const started = await backupApi.run('auto');
      live.adoptJob(started);
      setRunId(started.runId);
    } catch (failure) {
      setError(failure);
    } finally {
      setStarting(false);
    }
  };

  return (
    // A fragment: the buttons are the dialog body's own, so they stay in sight (sticky) as elsewhere.
    <>
      <Banner kind="success" title={t('backupUi.done.title')}>
        <p>
          {settings.enabled && settings.nextRunAt
            ? t('backupUi.done.next', { time: formatDateTime(settings.nextRunAt) })
            : t('backupUi.done.off')}
        </p>
      </Banner>
      {newPassphrase && (
        <Banner kind="warning" title={t('backupUi.done.passphrase')}>
          <p>{t('backupUi.done.passphraseText')}</p>
        </Banner>
      )}
      <p>{t('backupUi.done.nowHint')}</p>
      {job && <JobProgress job={job} />}
      {runId !== null && !job && !outcome && <p role="status">{t('backupUi.job.starting')}</p>}
      {outcome && <RunOutcome run={outcome} />}
      {error !== null && <ErrorBanner error={error} title={t('backupUi.report.runFailed')} />}
      <div className="form-actions">
        <Link to="/reporting#backup" className="button button-ghost" onClick={onClose}>
          {t('backupUi.done.report')}
        </Link>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void backUpNow()}
          disabled={starting || job !== null}
          data-action="backup-now"
        >
          {t('backupUi.report.backUpNow')}
        </button>
        <button type="button" className="button button-primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </>
  );
}
