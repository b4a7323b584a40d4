// Wizard step 3, "When": how often and at what time, how long backups are kept, how often they are
// checked. A full backup once a month, incremental ones in between (the source's rule).
import type { BackupFrequency, VerifySchedule } from '../../api/backup-types.js';
import { useI18n } from '../../i18n/i18n.js';
import { useQuantities } from './quantities.js';
import { MAX_AGE_MONTHS, type Draft } from './wizard-draft.js';
import { CheckField, Segments, SelectField, TextField, type Bind } from '../../components/FormFields.js';

/** Monday first, as calendars in Germany (and most of Europe) have it. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

export function ScheduleStep({
  draft,
  bind,
  onChange,
}: {
  draft: Draft;
  bind: Bind;
  onChange(patch: Partial<Draft>): void;
}) {
  const { t } = useI18n();
  const q = useQuantities();
  const months = Object.entries(MAX_AGE_MONTHS).map(([m, days]) => ({ months: Number(m), days }));
  const ageOptions = months.map(({ months: m, days }) => ({
    value: String(days),
    label: t(m === 1 ? 'backupUi.when.month' : 'backupUi.when.months', { count: m }),
  }));
  if (!months.some((m) => m.days === draft.maxAgeDays))
    ageOptions.push({
      value: String(draft.maxAgeDays),
      label: t('backupUi.when.days', { count: draft.maxAgeDays }),
    });

  return (
    <div className="wizard-step-body">
      <CheckField
        binding={bind('enabled')}
        label={t('backupUi.when.enabled')}
        help={t('backupUi.when.enabledHelp')}
        checked={draft.enabled}
        onChange={(enabled) => onChange({ enabled })}
      />
      <Segments
        name={`${bind('schedule.frequency').id}`}
        legend={t('backupUi.when.frequency')}
        value={draft.frequency}
        options={(['daily', 'weekly', 'monthly'] as BackupFrequency[]).map((frequency) => ({
          value: frequency,
          label: t(`backupUi.when.${frequency}`),
        }))}
        onChange={(frequency) => onChange({ frequency })}
      />
      <div className="field-row">
        {draft.frequency === 'weekly' && (
          <SelectField
            binding={bind('schedule.weekday')}
            label={t('backupUi.when.weekday')}
            value={String(draft.weekday)}
            options={WEEK.map((day) => ({ value: String(day), label: q.weekday(day) }))}
            onChange={(value) => onChange({ weekday: Number(value) })}
          />
        )}
        {draft.frequency === 'monthly' && (
          <SelectField
            binding={bind('schedule.dayOfMonth')}
            label={t('backupUi.when.dayOfMonth')}
            help={t('backupUi.when.dayOfMonthHelp')}
            value={String(draft.dayOfMonth)}
            options={Array.from({ length: 28 }, (_, i) => ({
              value: String(i + 1),
              label: String(i + 1),
            }))}
            onChange={(value) => onChange({ dayOfMonth: Number(value) })}
          />
        )}
        <TextField
          binding={bind('schedule.timeOfDay')}
          label={t('backupUi.when.time')}
          help={t('backupUi.when.timeHelp')}
          required
          type="time"
          className="input-time"
          value={draft.timeOfDay}
          onChange={(timeOfDay) => onChange({ timeOfDay })}
        />
      </div>
      <p className="hint">{t('backupUi.when.fullMonthly')}</p>
      <SelectField
        binding={bind('maxAgeDays')}
        label={t('backupUi.when.maxAge')}
        help={t('backupUi.when.maxAgeHelp')}
        value={String(draft.maxAgeDays)}
        options={ageOptions}
        onChange={(value) => onChange({ maxAgeDays: Number(value) })}
      />
      <SelectField
        binding={bind('verify')}
        label={t('backupUi.when.verify')}
        help={t('backupUi.when.verifyHelp')}
        value={draft.verify}
        options={(['off', 'weekly', 'monthly'] as VerifySchedule[]).map((verify) => ({
          value: verify,
          label: t(`backupUi.when.verify.${verify}`),
        }))}
        onChange={(verify) => onChange({ verify })}
      />
    </div>
  );
}
