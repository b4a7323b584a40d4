// How a finished run ended, in a banner: what it did, on which targets it failed and why, the
// warnings, and for a restore what was put back and what was skipped.
import type { RunView } from '../../api/backup-types.js';
import { Banner } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';
import { useQuantities } from './quantities.js';
import {
  messageText,
  prunedBackups,
  resumedVolumes,
  restoreDetails,
  runActionText,
  runBannerKind,
  verifyProblems,
} from './run-words.js';

/** A folder of a thousand photos with ':' in its name would fill the screen: the rest is counted. */
const SKIPPED_SHOWN = 20;

export function RunOutcome({ run }: { run: RunView }) {
  const { t, has } = useI18n();
  const q = useQuantities();
  const action = runActionText(t, run);
  const restore = run.action === 'restore' ? restoreDetails(run) : null;
  const problems = run.action === 'verify' ? verifyProblems(run) : [];
  const pruned = prunedBackups(run);
  const resumed = resumedVolumes(run);
  const skippedPaths = new Set(restore?.skipped.map((item) => item.path) ?? []);
  // A restore reports each skipped file as a warning too; the list of skipped files says it already.
  const warnings = run.warnings.filter((w) => !skippedPaths.has(String(w.params.path)));
  const failedTargets = run.targets.filter((target) => !target.ok);

  return (
    <div className="run-outcome" data-run-state={run.state} data-run={run.id}>
      <Banner kind={runBannerKind(run)} title={t(`backupUi.outcome.${run.state}`, { action })}>
        {run.error && <p>{messageText(t, run.error)}</p>}
        {run.action === 'backup' && run.state !== 'failed' && (
          <p>
            {t('backupUi.outcome.backupFacts', {
              files: q.count(run.files),
              bytes: q.bytes(run.bytes),
              stored: q.bytes(run.storedBytes),
              duration: q.duration(run.durationMs === null ? null : run.durationMs / 1000),
            })}
          </p>
        )}
        {restore && run.state !== 'failed' && (
          <p>{t('backupUi.outcome.restored', { files: q.count(restore.files) })}</p>
        )}
        {run.action === 'verify' && run.state !== 'failed' && problems.length === 0 && (
          <p>{t('backupUi.outcome.verifiedOk')}</p>
        )}
        {resumed > 0 && <p>{t('backupUi.outcome.resumed', { count: resumed })}</p>}
        {(run.action === 'prune' || pruned.length > 0) && (
          <p>{t('backupUi.outcome.pruned', { count: pruned.length })}</p>
        )}
        {failedTargets.length > 0 && (
          <ul className="outcome-list">
            {failedTargets.map((target) => (
              <li key={target.target}>
                <strong>{target.target}:</strong>{' '}
                {target.error ? messageText(t, target.error) : t('backupUi.outcome.targetFailed')}
              </li>
            ))}
          </ul>
        )}
        {problems.length > 0 && (
          <>
            <p>{t('backupUi.outcome.verifyProblems', { count: problems.length })}</p>
            <ul className="outcome-list">
              {problems.map((problem, i) => (
                <li key={i}>{messageText(t, problem)}</li>
              ))}
            </ul>
          </>
        )}
        {restore && restore.skipped.length > 0 && (
          <>
            <p>{t('backupUi.outcome.skipped', { count: restore.skipped.length })}</p>
            <ul className="outcome-list">
              {restore.skipped.slice(0, SKIPPED_SHOWN).map((item) => (
                <li key={item.path}>
                  <code>{item.path}</code>:{' '}
                  {has(`backupUi.skipped.${item.reason}`)
                    ? t(`backupUi.skipped.${item.reason}`)
                    : t('backupUi.skipped.other', { reason: item.reason })}
                </li>
              ))}
              {restore.skipped.length > SKIPPED_SHOWN && (
                <li>
                  {t('backupUi.outcome.andMore', { count: q.count(restore.skipped.length - SKIPPED_SHOWN) })}
                </li>
              )}
            </ul>
          </>
        )}
        {warnings.length > 0 && (
          <>
            <p>{t('backupUi.outcome.warnings', { count: warnings.length })}</p>
            <ul className="outcome-list">
              {warnings.map((warning, i) => (
                <li key={i}>{messageText(t, warning)}</li>
              ))}
            </ul>
          </>
        )}
      </Banner>
    </div>
  );
}
