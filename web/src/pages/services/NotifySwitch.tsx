// The "Notifications?" switch of a service: usable once the SMTP account is active; on, every report
// states the service's status and its failure raises an alert. Like the rest of the dialog it takes
// effect on Save: the dialog applies `wanted` then, and Cancel leaves monitoring as it was.
import { useEffect, useId, useState } from 'react';
import { notificationsApi, type NotificationsView } from '../../api/notifications-client.js';
import { describeError } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';

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
  const id = useId();
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
    <div className="availability" data-switch="notify">
      <div className="availability-row">
        <span className="availability-label" id={`${id}-label`}>
          {t('services.notify.label')}
        </span>
        <button
          type="button"
          role="switch"
          className={`status-switch small ${on ? 'is-on' : 'is-off'}${available ? '' : ' is-locked'}`}
          aria-checked={on}
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-reason`}
          disabled={!available}
          onClick={() => onChange(!on)}
        >
          <span className="status-switch-knob" aria-hidden="true" />
        </button>
      </div>
      <p id={`${id}-reason`} className="availability-reason">
        {reason}
      </p>
    </div>
  );
}
