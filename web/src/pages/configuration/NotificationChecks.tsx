// The system checks of the notifications card: the disk check with its thresholds, then a switch for
// each of the others.
import type { NotificationSettings } from '../../api/notifications-client.js';
import { CheckField, NumberField, type FieldBinding } from '../../components/FormFields.js';
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
          <NumberField
            binding={bind('warning')}
            label={t('notificationsUi.warningPercent')}
            min={1}
            max={100}
            value={checks.disk.warningPercent}
            onChange={(warningPercent) => setDisk({ warningPercent })}
          />
          <NumberField
            binding={bind('critical')}
            label={t('notificationsUi.criticalPercent')}
            min={1}
            max={100}
            value={checks.disk.criticalPercent}
            onChange={(criticalPercent) => setDisk({ criticalPercent })}
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
