// Restore (beyond the source, which leaves it to the vendor): pick a backup, tick files and folders
// or everything, choose the original place or a new folder, then watch it and read the result.
import { useEffect, useState } from 'react';
import { backupApi } from '../../api/backup-client.js';
import type { RunView, StoredBackup } from '../../api/backup-types.js';
import { Banner, ErrorBanner } from '../../components/Banner.js';
import { Dialog } from '../../components/Dialog.js';
import { useI18n } from '../../i18n/i18n.js';
import { useBackupLive } from './backup-live.js';
import { BackupBrowser } from './BackupBrowser.js';
import { JobProgress } from './JobProgress.js';
import { useQuantities } from './quantities.js';
import { RunOutcome } from './RunOutcome.js';
import { CheckField, Segments, TextField, type FieldBinding } from '../../components/FormFields.js';

export function RestoreDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const live = useBackupLive();
  const [backups, setBackups] = useState<StoredBackup[] | null>(null);
  const [backupsError, setBackupsError] = useState<unknown>(null);
  const [backupId, setBackupId] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [everything, setEverything] = useState(false);
  const [where, setWhere] = useState<'folder' | 'original'>('folder');
  const [destination, setDestination] = useState('');
  const [destinationTouched, setDestinationTouched] = useState(false);
  const [overwriteOk, setOverwriteOk] = useState(false);
  const [tried, setTried] = useState(false);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<RunView | null>(null);

  const loadBackups = async () => {
    setBackupsError(null);
    try {
      const list = (await backupApi.backups()).backups;
      setBackups(list);
      setBackupId((current) => current ?? list[0]?.id ?? null);
    } catch (error) {
      setBackupsError(error);
    }
  };
  useEffect(() => {
    void loadBackups();
  }, []);

  const { finished, findRun } = live;
  const job = live.job && live.job.runId === runId ? live.job : null;
  useEffect(() => {
    if (runId === null || outcome) return;
    const run = finished.find((r) => r.id === runId);
    if (run) setOutcome(run);
  }, [finished, runId, outcome]);
  const someJob = live.job !== null;
  useEffect(() => {
    if (runId === null || outcome || someJob) return;
    let stop = false;
    void findRun(runId).then((run) => {
      if (!stop && run) setOutcome(run);
    });
    return () => {
      stop = true;
    };
  }, [runId, outcome, someJob, findRun]);

  const destinationProblem =
    where !== 'folder'
      ? undefined
      : destination.trim() === ''
        ? { messageKey: 'settings.error.required' }
        : !destination.startsWith('/')
          ? { messageKey: 'backup.error.notAbsolute' }
          : undefined;
  const nothingChosen = !everything && selected.size === 0;
  const ready =
    backupId !== null && !nothingChosen && !destinationProblem && (where === 'folder' || overwriteOk);
  const destinationBinding: FieldBinding = {
    id: 'restore-destination',
    problem: destinationTouched || tried ? destinationProblem : undefined,
    touch: () => setDestinationTouched(true),
  };

  const start = async () => {
    setTried(true);
    if (!ready || backupId === null) return;
    setStarting(true);
    setStartError(null);
    try {
      const started = await backupApi.restore({
        backupId,
        paths: everything ? [] : [...selected].sort(),
        destination: where === 'folder' ? destination.trim() : null,
      });
      live.adoptJob(started);
      setOutcome(null);
      setRunId(started.runId);
    } catch (error) {
      setStartError(error);
    } finally {
      setStarting(false);
    }
  };

  const toggle = (path: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) {
        // A ticked folder stands for what is below it.
        for (const chosen of current) if (chosen.startsWith(`${path}/`)) next.delete(chosen);
        next.add(path);
      } else next.delete(path);
      return next;
    });

  if (runId !== null) {
    return (
      <Dialog title={t('backupUi.restore.title')} onClose={onClose} wide className="restore-dialog">
        {job && <JobProgress job={job} />}
        {!job && !outcome && <p role="status">{t('backupUi.job.starting')}</p>}
        {outcome && <RunOutcome run={outcome} />}
        {outcome && outcome.state !== 'failed' && where === 'folder' && (
          <p>{t('backupUi.restore.whereToFind', { folder: destination.trim() })}</p>
        )}
        <div className="form-actions">
          {outcome && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setRunId(null);
                setOutcome(null);
              }}
            >
              {t('backupUi.restore.again')}
            </button>
          )}
          <button type="button" className="button button-primary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={t('backupUi.restore.title')} onClose={onClose} wide className="restore-dialog">
      <p className="dialog-intro muted">{t('backupUi.restore.intro')}</p>
      {backupsError !== null && (
        <ErrorBanner
          error={backupsError}
          title={t('backupUi.restore.listFailed')}
          action={
            <button type="button" className="button button-secondary" onClick={() => void loadBackups()}>
              {t('common.retry')}
            </button>
          }
        />
      )}
      {backups === null && backupsError === null && <p role="status">{t('common.loading')}</p>}
      {backups !== null && backups.length === 0 && (
        <Banner kind="notice" title={t('backupUi.restore.none')}>
          <p>{t('backupUi.restore.noneText')}</p>
        </Banner>
      )}
      {backups !== null && backups.length > 0 && (
        <>
          <section className="restore-section" aria-labelledby="restore-which">
            <h3 id="restore-which">{t('backupUi.restore.which')}</h3>
            <BackupList
              backups={backups}
              chosen={backupId}
              onChoose={(id) => {
                setBackupId(id);
                setSelected(new Set());
              }}
            />
          </section>
          {backupId && (
            <section className="restore-section" aria-labelledby="restore-what">
              <h3 id="restore-what">{t('backupUi.restore.what')}</h3>
              <CheckField
                binding={{ id: 'restore-everything', problem: undefined, touch: () => {} }}
                label={t('backupUi.restore.everything')}
                help={t('backupUi.restore.everythingHelp')}
                checked={everything}
                onChange={setEverything}
              />
              <BackupBrowser
                backupId={backupId}
                selected={selected}
                disabled={everything}
                onToggle={toggle}
              />
              <p className="restore-selection" role="status">
                {everything
                  ? t('backupUi.restore.selectedAll')
                  : t('backupUi.restore.selected', { count: selected.size })}
                {!everything && selected.size > 0 && (
                  <button
                    type="button"
                    className="button button-ghost button-small"
                    onClick={() => setSelected(new Set())}
                  >
                    {t('backupUi.restore.clear')}
                  </button>
                )}
              </p>
              {tried && nothingChosen && (
                <p className="field-error">{t('backupUi.restore.chooseSomething')}</p>
              )}
            </section>
          )}
          <section className="restore-section" aria-labelledby="restore-where">
            <h3 id="restore-where">{t('backupUi.restore.where')}</h3>
            <Segments<'folder' | 'original'>
              name="restore-where"
              legend={t('backupUi.restore.where')}
              hideLegend
              value={where}
              options={[
                { value: 'folder', label: t('backupUi.restore.toFolder') },
                { value: 'original', label: t('backupUi.restore.toOriginal') },
              ]}
              onChange={setWhere}
            />
            {where === 'folder' ? (
              <TextField
                binding={destinationBinding}
                label={t('backupUi.restore.folder')}
                help={t('backupUi.restore.folderHelp')}
                required
                className="input-mono"
                placeholder="/home/anna/restored"
                value={destination}
                onChange={setDestination}
              />
            ) : (
              <>
                <Banner kind="warning" title={t('backupUi.restore.overwrite')}>
                  <p>{t('backupUi.restore.overwriteText')}</p>
                </Banner>
                <CheckField
                  binding={{
                    id: 'restore-overwrite',
                    problem:
                      tried && !overwriteOk
                        ? { messageKey: 'backupUi.restore.overwriteRequired' }
                        : undefined,
                    touch: () => {},
                  }}
                  label={t('backupUi.restore.overwriteOk')}
                  checked={overwriteOk}
                  onChange={setOverwriteOk}
                />
              </>
            )}
          </section>
        </>
      )}
      {startError !== null && <ErrorBanner error={startError} title={t('backupUi.restore.startFailed')} />}
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => void start()}
          disabled={starting || backupId === null || live.job !== null}
          data-action="start-restore"
        >
          {starting ? t('backupUi.restore.starting') : t('backupUi.restore.start')}
        </button>
      </div>
    </Dialog>
  );
}

function BackupList({
  backups,
  chosen,
  onChoose,
}: {
  backups: StoredBackup[];
  chosen: string | null;
  onChoose(id: string): void;
}) {
  const { t, formatDateTime } = useI18n();
  const q = useQuantities();
  return (
    <fieldset className="backup-choices">
      <legend className="visually-hidden">{t('backupUi.restore.which')}</legend>
      {backups.map((backup) => (
        <label key={backup.id} className="backup-choice" data-backup={backup.id}>
          <input
            type="radio"
            name="restore-backup"
            value={backup.id}
            checked={chosen === backup.id}
            onChange={() => onChoose(backup.id)}
          />
          <span className="backup-choice-text">
            <span className="backup-choice-date">{formatDateTime(backup.createdAt)}</span>
            <span className={`badge badge-${backup.kind === 'full' ? 'full' : 'incremental'}`}>
              {t(backup.kind === 'full' ? 'backupUi.kind.full' : 'backupUi.kind.incremental')}
            </span>
            <span className="backup-choice-meta">
              {t('backupUi.restore.on', {
                targets: backup.targets.join(', '),
                size: q.bytes(backup.storedBytes),
              })}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
