// The "Notifications?" switch of a service: usable once the SMTP account is active; on, every report
// states the service's status and its failure raises an alert. Like the rest of the dialog it takes
// effect on Save: the dialog applies `wanted` then, and Cancel leaves monitoring as it was.
import { useEffect, useState } from 'react';
import { notificationsApi, type NotificationsView } from '../../api/notifications-client.js';
import { describeError } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';
import { DialogSwitch } from './DialogSwitch.js';

export function NotifySwitch({
  serviceId,
  wanted,
  onChange,
}: {
  serviceId: string;
  /** What the owner switched to and has not saved yet; null while untouched. */
  wanted: boolean | null;
  onChange(monitored: boolean): void;
}) {
  const { t } = useI18n();
  const [view, setView] = useState<NotificationsView | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    notificationsApi.view().then(setView).catch(setError);
  }, []);

  const available = view?.smtpActive ?? false;
  const saved = view?.settings.services.includes(serviceId) ?? false;
  const on = wanted ?? saved;
  const reason =
    error !== null
      ? describeError(t, error)
      : view === null
        ? t('common.loading')
        : !available
          ? t('services.notify.needsSmtp')
          : t(on ? 'services.notify.on' : 'services.notify.off') +
            (on !== saved ? ` ${t('services.notify.onSave')}` : '');
  return (
    <DialogSwitch
      label={t('services.notify.label')}
      on={on}
      usable={available}
      reason={reason}
      onToggle={onChange}
      name="notify"
    />
  );
}
