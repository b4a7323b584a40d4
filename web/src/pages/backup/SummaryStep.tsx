// Wizard step 5: everything at a glance before saving, each part with a way back to change it, and
// what still has to be fixed.
import type { SettingsView } from '../../api/backup-types.js';
import { Banner } from '../../components/Banner.js';
import { useI18n, type Translate } from '../../i18n/i18n.js';
import { useQuantities, type Quantities } from './quantities.js';
import { needsNewPassphrase, STEPS, type Draft, type StepId, type TargetDraft } from './wizard-draft.js';

export function SummaryStep({
  draft,
  settings,
  stepsWithProblems,
  otherProblems,
  onGoTo,
}: {
  draft: Draft;
  settings: SettingsView;
  stepsWithProblems: StepId[];
  /** Problems the daemon reported for no field of the wizard, already in words. */
  otherProblems: string[];
  onGoTo(step: StepId): void;
}) {
  const { t, pick, formatDateTime } = useI18n();
  const q = useQuantities();
  const excluded = new Set(draft.excludedServices);
  const services = settings.sources.services.filter((s) => !excluded.has(s.id));
  const newPassphrase = needsNewPassphrase(draft, settings.passphrase.set);

  const part = (step: StepId, title: string, lines: string[]) => (
    <div className="summary-part" key={step}>
      <dt>
        {title}
        <button type="button" className="button button-ghost button-small" onClick={() => onGoTo(step)}>
          {t('backupUi.summary.change')}
          <span className="visually-hidden"> {title}</span>
        </button>
      </dt>
      {lines.map((line) => (
        <dd key={line}>{line}</dd>
      ))}
    </div>
  );

  return (
    <div className="wizard-step-body">
      {stepsWithProblems.length > 0 && (
        <Banner kind="error" title={t('backupUi.summary.problems')}>
          <ul className="summary-problems">
            {stepsWithProblems.map((step) => (
              <li key={step}>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => onGoTo(step)}
                >
                  {t('backupUi.summary.fix', {
                    number: STEPS.indexOf(step) + 1,
                    step: t(`backupUi.step.${step}`),
                  })}
                </button>
              </li>
            ))}
          </ul>
        </Banner>
      )}
      {otherProblems.length > 0 && (
        <Banner kind="error" title={t('backupUi.summary.serverProblems')}>
          {otherProblems.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </Banner>
      )}
      <p>{t('backupUi.summary.intro')}</p>
      <dl className="summary">
        {part(
          'where',
          t('backupUi.step.where'),
          draft.targets.map((target) => describeTarget(t, target)),
        )}
        {part('passphrase', t('backupUi.step.passphrase'), [
          newPassphrase
            ? t(
                draft.passphrase.choice === 'own'
                  ? 'backupUi.summary.passphraseOwn'
                  : 'backupUi.summary.passphraseSuggested',
              )
            : t('backupUi.summary.passphraseKept', {
                date: formatDateTime(settings.passphrase.setAt),
              }),
        ])}
        {part('when', t('backupUi.step.when'), [
          draft.enabled ? describeSchedule(t, q, draft) : t('backupUi.summary.scheduleOff'),
          t('backupUi.summary.maxAge', { days: draft.maxAgeDays }),
          t(`backupUi.summary.verify.${draft.verify}`),
        ])}
        {part('what', t('backupUi.step.what'), [
          t('backupUi.summary.cockpit'),
          services.length > 0
            ? t('backupUi.summary.services', { names: services.map((s) => pick(s.name)).join(', ') })
            : t('backupUi.summary.noServices'),
          ...(draft.folders.length > 0
            ? [t('backupUi.summary.folders', { folders: draft.folders.join(', ') })]
            : []),
          ...(draft.excludes.length > 0
            ? [t('backupUi.summary.excludes', { patterns: draft.excludes.join(', ') })]
            : []),
        ])}
      </dl>
    </div>
  );
}

export function describeTarget(t: Translate, target: TargetDraft): string {
  if (target.kind === 'local') {
    const { label, uuid, path } = target.local;
    return t('backupUi.summary.local', { disk: label || uuid || '?', path });
  }
  if (target.kind === 'ftp') {
    const { user, host, port, folder, tls } = target.ftp;
    return t('backupUi.summary.ftp', { user, host, port, folder, tls: t(`backupUi.summary.tls.${tls}`) });
  }
  const { bucket, prefix, endpoint, region } = target.s3;
  return t('backupUi.summary.s3', {
    bucket,
    prefix,
    region,
    endpoint: endpoint.trim() || t('backupUi.s3.amazon'),
  });
}

export function describeSchedule(
  t: Translate,
  q: Quantities,
  schedule: { frequency: string; timeOfDay: string; weekday?: number; dayOfMonth?: number },
): string {
  if (schedule.frequency === 'weekly')
    return t('backupUi.schedule.weekly', { day: q.weekday(schedule.weekday ?? 0), time: schedule.timeOfDay });
  if (schedule.frequency === 'monthly')
    return t('backupUi.schedule.monthly', { day: schedule.dayOfMonth ?? 1, time: schedule.timeOfDay });
  return t('backupUi.schedule.daily', { time: schedule.timeOfDay });
}
