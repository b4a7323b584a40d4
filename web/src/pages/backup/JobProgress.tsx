// The running backup job in words and a progress bar: what it does, files and bytes so far, the rate,
// the time left; with a Cancel button.
import { useState } from 'react';
import { backupApi } from '../../api/backup-client.js';
import type { JobView } from '../../api/backup-types.js';
import { describeError } from '../../components/Banner.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { useI18n } from '../../i18n/i18n.js';
import { useQuantities } from './quantities.js';

export function JobProgress({ job, cancellable = true }: { job: JobView; cancellable?: boolean }) {
  const { t, has, formatDateTime } = useI18n();
  const q = useQuantities();
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const progress = job.progress;

  const percent = !progress
    ? 0
    : progress.bytesTotal > 0
      ? (progress.bytesDone / progress.bytesTotal) * 100
      : progress.filesTotal > 0
        ? (progress.filesDone / progress.filesTotal) * 100
        : 0;
  const phaseKey = `backupUi.phase.${progress?.phase ?? 'starting'}`;
  const label = t('backupUi.job.label', {
    action: t(`backupUi.action.${job.action}`),
    phase: has(phaseKey) ? t(phaseKey) : t('backupUi.phase.working'),
  });
  const details = progress
    ? [
        t('backupUi.job.files', { done: q.count(progress.filesDone), total: q.count(progress.filesTotal) }),
        t('backupUi.job.bytes', { done: q.bytes(progress.bytesDone), total: q.bytes(progress.bytesTotal) }),
        progress.bytesPerSecond > 0 ? q.rate(progress.bytesPerSecond) : null,
        progress.secondsLeft !== null
          ? t('backupUi.job.left', { time: q.duration(progress.secondsLeft) })
          : t('backupUi.job.leftUnknown'),
      ]
    : [t('backupUi.job.starting')];

  const cancel = async () => {
    setCancelling(true);
    setError(null);
    try {
      await backupApi.cancel();
    } catch (failure) {
      setError(failure);
      setCancelling(false);
    }
  };

  return (
    <div className="backup-job" data-job={job.action} data-run={job.runId}>
      <ProgressBar label={label} percent={percent} detail={details.filter(Boolean).join(' · ')} />
      <p className="backup-job-since muted">
        {t('backupUi.job.since', { time: formatDateTime(job.startedAt) })}
      </p>
      {error !== null && <p className="error-text">{describeError(t, error)}</p>}
      {cancellable && (
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => void cancel()}
          disabled={cancelling}
        >
          {cancelling ? t('backupUi.job.cancelling') : t('backupUi.job.cancel')}
        </button>
      )}
    </div>
  );
}
