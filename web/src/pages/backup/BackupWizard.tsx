// The backup wizard (the source's "Assistent"), opened from the Backup service's settings icon: where,
// passphrase, when, what, then a summary and Save; afterwards "Back up now".
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { backupApi } from '../../api/backup-client.js';
import type { Disk, SettingsView } from '../../api/backup-types.js';
import { isApiError } from '../../api/client.js';
import { ErrorBanner } from '../../components/Banner.js';
import { Dialog } from '../../components/Dialog.js';
import { useI18n } from '../../i18n/i18n.js';
import { useBackupLive } from './backup-live.js';
import { PassphraseStep } from './PassphraseStep.js';
import { ScheduleStep } from './ScheduleStep.js';
import { SourcesStep } from './SourcesStep.js';
import { SummaryStep } from './SummaryStep.js';
import { TargetsStep } from './TargetsStep.js';
import {
  checkDraft,
  diskOf,
  draftFromSettings,
  serverProblems,
  settingsInput,
  stepOf,
  STEPS,
  type Draft,
  type Problems,
  type StepId,
} from './wizard-draft.js';
import { WizardDone } from './WizardDone.js';
import { useProblemText, type Bind } from '../../components/FormFields.js';

export function BackupWizard({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const live = useBackupLive();
  const prefix = useId();
  const problemText = useProblemText();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [disks, setDisks] = useState<Disk[] | null>(null);
  const [disksError, setDisksError] = useState<unknown>(null);
  const [step, setStep] = useState<StepId>('where');
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [revealed, setRevealed] = useState<Set<StepId>>(() => new Set());
  const [server, setServer] = useState<Problems>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState<SettingsView | null>(null);
  const focusTarget = useRef<string | null>(null);
  const [focusTick, setFocusTick] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // The draft starts from the settings once; later reloads (a finished run) must not undo typing.
  useEffect(() => {
    if (live.overview && !settings) {
      setSettings(live.overview.settings);
      setDraft(draftFromSettings(live.overview.settings));
    }
  }, [live.overview, settings]);

  const loadDisks = useCallback(async () => {
    setDisksError(null);
    try {
      setDisks((await backupApi.disks()).disks);
    } catch (error) {
      setDisksError(error);
      setDisks([]);
    }
  }, []);
  useEffect(() => {
    void loadDisks();
  }, [loadDisks]);

  // A stored USB target learns where its disk is mounted now.
  const hasDraft = draft !== null;
  useEffect(() => {
    if (!disks || !hasDraft) return;
    setDraft((current) => {
      if (!current) return current;
      let changed = false;
      const targets = current.targets.map((target) => {
        const disk = diskOf(target.local, disks);
        if (!disk || disk.mountpoint === target.local.mountpoint) return target;
        changed = true;
        return { ...target, local: { ...target.local, mountpoint: disk.mountpoint } };
      });
      return changed ? { ...current, targets } : current;
    });
  }, [disks, hasDraft]);

  const passphraseSet = settings?.passphrase.set ?? false;
  const problems = useMemo(() => (draft ? checkDraft(draft, passphraseSet) : {}), [draft, passphraseSet]);

  const idOf = useCallback((path: string) => `${prefix}-${path.replace(/\./g, '-')}`, [prefix]);
  const bind: Bind = (path) => ({
    id: idOf(path),
    problem: (touched.has(path) || revealed.has(stepOf(path)) ? problems[path] : undefined) ?? server[path],
    touch: () => {
      setTouched((current) => (current.has(path) ? current : new Set(current).add(path)));
      setServer((current) => {
        if (!(path in current)) return current;
        const { [path]: _edited, ...rest } = current;
        return rest;
      });
    },
  });

  // Focus moves where the owner has to look: the first wrong field, or the new step's heading.
  useEffect(() => {
    const wanted = focusTarget.current;
    if (wanted === null) return;
    focusTarget.current = null;
    const element =
      wanted === 'heading'
        ? headingRef.current
        : (document.getElementById(idOf(wanted)) ?? document.getElementById(`${idOf(wanted)}-title`));
    (element ?? headingRef.current)?.focus();
  }, [focusTick, idOf]);

  const stepProblems = (id: StepId) =>
    Object.keys({ ...problems, ...server }).filter((field) => stepOf(field) === id);
  const stepsWithProblems = STEPS.filter((id) => id !== 'summary' && stepProblems(id).length > 0);

  const goTo = (next: StepId, focus: string = 'heading') => {
    setStep(next);
    focusTarget.current = focus;
    setFocusTick((tick) => tick + 1);
  };
  const reveal = (fields: string[]) => {
    const first = fields[0];
    if (!first) return;
    setRevealed((current) => new Set(current).add(stepOf(first)));
    setTouched((current) => {
      const next = new Set(current);
      for (const field of fields) next.add(field);
      return next;
    });
    goTo(stepOf(first), first);
  };

  const index = STEPS.indexOf(step);
  const next = () => {
    const wrong = stepProblems(step);
    if (wrong.length > 0) {
      reveal(wrong);
      return;
    }
    const following = STEPS[index + 1];
    if (following) goTo(following);
  };

  const save = async () => {
    if (!draft || !settings) return;
    setRevealed(new Set(STEPS));
    const firstWrong = STEPS.flatMap((id) => stepProblems(id))[0];
    if (firstWrong) {
      goTo(stepOf(firstWrong), firstWrong);
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const view = await backupApi.saveSettings(settingsInput(draft, passphraseSet));
      setSaved(view);
      void live.reload();
    } catch (error) {
      setSaveError(error);
      if (isApiError(error) && error.fields.length > 0) {
        const found = serverProblems(error.fields);
        setServer(found);
        const first = Object.keys(found).find((field) => stepOf(field) !== 'summary');
        if (first) goTo(stepOf(first), first);
      }
    } finally {
      setSaving(false);
    }
  };

  const otherProblems = Object.entries(server)
    .filter(([field]) => stepOf(field) === 'summary')
    .map(([field, problem]) => `${field}: ${problemText(problem)}`);

  if (saved) {
    return (
      <Dialog title={t('backupUi.wizard.title')} onClose={onClose} wide className="backup-wizard">
        <WizardDone
          settings={saved}
          live={live}
          newPassphrase={!passphraseSet || !!draft?.passphrase.change}
          onClose={onClose}
        />
      </Dialog>
    );
  }

  return (
    <Dialog title={t('backupUi.wizard.title')} onClose={onClose} wide className="backup-wizard">
      {live.loadError !== null && !settings && (
        <ErrorBanner
          error={live.loadError}
          title={t('backupUi.wizard.loadFailed')}
          action={
            <button type="button" className="button button-secondary" onClick={() => void live.reload()}>
              {t('common.retry')}
            </button>
          }
        />
      )}
      {!draft || !settings ? (
        live.loadError === null && <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <nav aria-label={t('backupUi.wizard.steps')}>
            <ol className="wizard-steps">
              {STEPS.map((id, i) => {
                const wrong = revealed.has(id) && stepProblems(id).length > 0;
                return (
                  <li key={id}>
                    <button
                      type="button"
                      className={`wizard-step${wrong ? ' has-problems' : ''}${i < index ? ' is-done' : ''}`}
                      aria-current={id === step ? 'step' : undefined}
                      onClick={() => goTo(id)}
                      data-step={id}
                    >
                      <span className="wizard-step-number" aria-hidden="true">
                        {i + 1}
                      </span>
                      <span className="wizard-step-name">{t(`backupUi.step.${id}`)}</span>
                      {wrong && (
                        <span className="visually-hidden"> {t('backupUi.wizard.stepHasProblems')}</span>
                      )}
                    </button>
                  </li>
                );
              })}
            </ol>
          </nav>
          <h3 className="wizard-heading" tabIndex={-1} ref={headingRef} data-step-heading={step}>
            {t('backupUi.wizard.heading', {
              number: index + 1,
              total: STEPS.length,
              title: t(`backupUi.step.${step}.title`),
            })}
          </h3>
          {step === 'where' && (
            <TargetsStep
              targets={draft.targets}
              bind={bind}
              problems={problems}
              disks={disks}
              disksError={disksError}
              onReloadDisks={() => void loadDisks()}
              onChange={(targets) => setDraft({ ...draft, targets })}
              onReveal={reveal}
            />
          )}
          {step === 'passphrase' && (
            <PassphraseStep
              draft={draft}
              settings={settings}
              bind={bind}
              onChange={(passphrase) => setDraft({ ...draft, passphrase })}
            />
          )}
          {step === 'when' && (
            <ScheduleStep draft={draft} bind={bind} onChange={(patch) => setDraft({ ...draft, ...patch })} />
          )}
          {step === 'what' && (
            <SourcesStep
              draft={draft}
              settings={settings}
              bind={bind}
              onChange={(patch) => setDraft({ ...draft, ...patch })}
            />
          )}
          {step === 'summary' && (
            <SummaryStep
              draft={draft}
              settings={settings}
              stepsWithProblems={stepsWithProblems}
              otherProblems={otherProblems}
              onGoTo={(id) => {
                const wrong = stepProblems(id);
                if (wrong.length > 0) reveal(wrong);
                else goTo(id);
              }}
            />
          )}
          {saveError !== null && step === 'summary' && (
            <ErrorBanner error={saveError} title={t('backupUi.wizard.saveFailed')} />
          )}
          <div className="form-actions wizard-actions">
            {revealed.has(step) && stepProblems(step).length > 0 && step !== 'summary' && (
              <p className="form-summary" role="status">
                {t('backupUi.wizard.fixFields')}
              </p>
            )}
            <button type="button" className="button button-secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            {index > 0 && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => goTo(STEPS[index - 1] ?? 'where')}
              >
                {t('backupUi.wizard.back')}
              </button>
            )}
            {step !== 'summary' ? (
              <button type="button" className="button button-primary" onClick={next}>
                {t('backupUi.wizard.next')}
              </button>
            ) : (
              <button
                type="button"
                className="button button-primary"
                onClick={() => void save()}
                disabled={saving}
                data-action="save-backup"
              >
                {saving ? t('settings.saving') : t('backupUi.wizard.save')}
              </button>
            )}
          </div>
        </>
      )}
    </Dialog>
  );
}
