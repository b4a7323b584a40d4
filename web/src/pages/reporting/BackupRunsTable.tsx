// The record of backup runs as a table (cards on phones): when, what, where to, how much, how long,
// and how it ended, with the reason of a failure and the warnings in words.
import type { RunView } from '../../api/backup-types.js';
import { useI18n } from '../../i18n/i18n.js';
import { BackupIcon } from '../backup/BackupIcon.js';
import { useQuantities } from '../backup/quantities.js';
import {
  messageText,
  prunedBackups,
  resumedVolumes,
  runActionText,
  runFigures,
  runStateText,
} from '../backup/run-words.js';

export function BackupRunsTable({ runs }: { runs: RunView[] }) {
  const { t, has, formatDateTime } = useI18n();
  const q = useQuantities();
  const column = {
    time: t('backupUi.runs.time'),
    action: t('backupUi.runs.action'),
    targets: t('backupUi.runs.targets'),
    files: t('backupUi.runs.files'),
    size: t('backupUi.runs.size'),
    duration: t('backupUi.runs.duration'),
    result: t('backupUi.runs.result'),
  };
  return (
    <section className="card card-table backup-runs" aria-labelledby="backup-runs-title">
      <h2 id="backup-runs-title">{t('backupUi.runs.title')}</h2>
      {runs.length === 0 ? (
        <p className="backup-runs-empty muted">{t('backupUi.runs.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="status-table runs-table">
            <thead>
              <tr>
                {Object.values(column).map((name) => (
                  <th key={name} scope="col">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => {
                const trigger = `backupUi.trigger.${run.trigger}`;
                const pruned = prunedBackups(run).length;
                const resumed = resumedVolumes(run);
                const figures = runFigures(run);
                return (
                  <tr key={run.id} data-run={run.id} data-state={run.state} data-run-action={run.action}>
                    <th scope="row" data-label={column.time}>
                      {formatDateTime(run.startedAt)}
                    </th>
                    <td data-label={column.action}>
                      {runActionText(t, run)}
                      {has(trigger) && <span className="table-note">{t(trigger)}</span>}
                    </td>
                    <td data-label={column.targets}>
                      {figures.targets.length === 0 ? (
                        <span className="muted">–</span>
                      ) : (
                        <ul className="run-targets">
                          {figures.targets.map((target) => (
                            <li key={target.target} className={target.ok ? 'target-ok' : 'target-failed'}>
                              <BackupIcon name={target.ok ? 'check' : 'cross'} />
                              <span className="visually-hidden">
                                {t(target.ok ? 'backupUi.runs.targetOk' : 'backupUi.runs.targetFailed')}
                              </span>
                              <span>
                                {target.target}
                                {target.error && (
                                  <span className="table-reason">{messageText(t, target.error)}</span>
                                )}
                              </span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td data-label={column.files}>{q.count(figures.files)}</td>
                    <td data-label={column.size}>
                      {figures.bytes === null ? (
                        '–'
                      ) : (
                        <>
                          <span className="fact-line">
                            {t('backupUi.runs.sizeAll', { size: q.bytes(figures.bytes) })}
                          </span>
                          {run.packedBytes !== null && (
                            <span className="fact-line table-note">
                              {t('backupUi.runs.sizePacked', {
                                packed: q.bytes(run.packedBytes),
                                stored: q.bytes(run.storedBytes),
                              })}
                            </span>
                          )}
                        </>
                      )}
                    </td>
                    <td data-label={column.duration}>
                      {q.duration(run.durationMs === null ? null : run.durationMs / 1000)}
                    </td>
                    <td data-label={column.result}>
                      <span className="run-state">
                        <span className={`state-dot run-dot-${run.state}`} aria-hidden="true" />
                        {runStateText(t, run)}
                      </span>
                      {run.error && <span className="table-reason">{messageText(t, run.error)}</span>}
                      {resumed > 0 && (
                        <span className="table-note">
                          {t('backupUi.outcome.resumed', { count: resumed })}
                        </span>
                      )}
                      {pruned > 0 && (
                        <span className="table-note">{t('backupUi.outcome.pruned', { count: pruned })}</span>
                      )}
                      {run.warnings.length > 0 && (
                        <details className="run-warnings">
                          <summary>{t('backupUi.outcome.warnings', { count: run.warnings.length })}</summary>
                          <ul>
                            {run.warnings.map((warning, i) => (
                              <li key={i}>{messageText(t, warning)}</li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
