// The system checks of the notifications card: the disk check with its thresholds, then a switch for
// each of the others.
import type { NotificationSettings } from '../../api/notifications-client.js';
import { CheckField, TextField, type FieldBinding } from '../../components/FormFields.js';
import { useI18n } from '../../i18n/i18n.js';

type Checks = NotificationSettings['checks'];

/** The checks that are only switched on or off. */
const SWITCHED_CHECKS = [
  'memory',
  'load',
  'temperature',
  'smart',
  'uptime',
  'updates',
  'reboots',
  'backup',
] as const;

const percent = (value: string) => Math.max(1, Math.min(100, Math.round(Number(value) || 0)));

export function NotificationChecks({
  checks,
  onChange,
  bind,
}: {
  checks: Checks;
  onChange(checks: Checks): void;
  bind(id: string): FieldBinding;
}) {
  const { t } = useI18n();
  const setDisk = (change: Partial<Checks['disk']>) =>
    onChange({ ...checks, disk: { ...checks.disk, ...change } });
  const toggle = (check: (typeof SWITCHED_CHECKS)[number], enabled: boolean) =>
    onChange({ ...checks, [check]: { ...checks[check], enabled } });
  return (
    <>
      <h3>{t('notificationsUi.checks')}</h3>
      <CheckField
        binding={bind('disk')}
        label={t('notificationsUi.check.disk')}
        checked={checks.disk.enabled}
        onChange={(enabled) => setDisk({ enabled })}
      />
      {checks.disk.enabled && (
        <div className="field-row">
          <TextField
            binding={bind('warning')}
            label={t('notificationsUi.warningPercent')}
            inputMode="numeric"
            className="input-number"
            value={String(checks.disk.warningPercent)}
            onChange={(value) => setDisk({ warningPercent: percent(value) })}
          />
          <TextField
            binding={bind('critical')}
            label={t('notificationsUi.criticalPercent')}
            inputMode="numeric"
            className="input-number"
            value={String(checks.disk.criticalPercent)}
            onChange={(value) => setDisk({ criticalPercent: percent(value) })}
          />
        </div>
      )}
      {SWITCHED_CHECKS.map((check) => (
        <CheckField
          key={check}
          binding={bind(check)}
          label={t(`notificationsUi.check.${check}`)}
          checked={checks[check].enabled}
          onChange={(enabled) => toggle(check, enabled)}
        />
      ))}
    </>
  );
}
