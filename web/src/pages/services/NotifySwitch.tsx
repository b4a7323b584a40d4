// The "Notifications?" switch of a service: usable once the SMTP account is active; on, every report
// states the service's status and its failure raises an alert.
import { useEffect, useId, useState } from 'react';
import { notificationsApi, type NotificationsView } from '../../api/notifications-client.js';
import { describeError } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';

export function NotifySwitch({ serviceId }: { serviceId: string }) {
  const { t } = useI18n();
  const id = useId();
  const [view, setView] = useState<NotificationsView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    notificationsApi.view().then(setView).catch(setError);
  }, []);

  const available = view?.smtpActive ?? false;
  const on = view?.settings.services.includes(serviceId) ?? false;
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      setView(await notificationsApi.setMonitored(serviceId, !on));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="availability" data-switch="notify">
      <div className="availability-row">
        <span className="availability-label" id={`${id}-label`}>
          {t('services.notify.label')}
        </span>
        <button
          type="button"
          role="switch"
          className={`status-switch small ${on ? 'is-on' : 'is-off'}${available ? '' : ' is-locked'}${busy ? ' is-pending' : ''}`}
          aria-checked={on}
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-reason`}
          disabled={!available || busy}
          onClick={() => void toggle()}
        >
          <span className="status-switch-knob" aria-hidden="true" />
        </button>
      </div>
      <p id={`${id}-reason`} className="availability-reason">
        {error !== null
          ? describeError(t, error)
          : view === null
            ? t('common.loading')
            : !available
              ? t('services.notify.needsSmtp')
              : t(on ? 'services.notify.on' : 'services.notify.off')}
      </p>
    </div>
  );
}
