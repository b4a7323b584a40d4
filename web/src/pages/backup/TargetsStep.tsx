// Wizard step 1, "Where": up to three targets; a local disk and a remote one together are best.
import type { Disk } from '../../api/backup-types.js';
import { Banner } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';
import { TargetCard } from './TargetCard.js';
import { MAX_TARGETS, newTarget, type Problems, type TargetDraft } from './wizard-draft.js';
import type { Bind } from '../../components/FormFields.js';

export function TargetsStep({
  targets,
  bind,
  problems,
  disks,
  disksError,
  onReloadDisks,
  onChange,
  onReveal,
}: {
  targets: TargetDraft[];
  bind: Bind;
  problems: Problems;
  disks: Disk[] | null;
  disksError: unknown;
  onReloadDisks(): void;
  onChange(targets: TargetDraft[]): void;
  onReveal(fields: string[]): void;
}) {
  const { t } = useI18n();
  const hasLocal = targets.some((target) => target.kind === 'local');
  const hasRemote = targets.some((target) => target.kind !== 'local');
  const update = (index: number, next: TargetDraft) =>
    onChange(targets.map((target, i) => (i === index ? next : target)));

  return (
    <div className="wizard-step-body">
      <p>{t('backupUi.where.intro')}</p>
      <Banner kind="notice" title={t('backupUi.where.combine')}>
        <p>{t('backupUi.where.combineText')}</p>
      </Banner>
      {targets.map((target, index) => (
        <TargetCard
          key={target.key}
          target={target}
          index={index}
          removable={targets.length > 1}
          bind={bind}
          invalidFields={Object.keys(problems).filter((field) => field.startsWith(`targets.${index}.`))}
          disks={disks}
          disksError={disksError}
          onReloadDisks={onReloadDisks}
          onChange={(next) => update(index, next)}
          onRemove={() => onChange(targets.filter((_, i) => i !== index))}
          onReveal={onReveal}
        />
      ))}
      {targets.length < MAX_TARGETS && (
        <div className="target-add">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => onChange([...targets, newTarget(hasLocal && !hasRemote ? 'ftp' : 'local')])}
          >
            {t('backupUi.where.add')}
          </button>
          <p className="field-help">{t('backupUi.where.addHelp', { max: MAX_TARGETS })}</p>
        </div>
      )}
    </div>
  );
}
