// The settings dialog of one service: its declared settings, then exposure and notifications, its
// ports and the packages it needs.
import { useState } from 'react';
import { api, isApiError } from '../../api/client.js';
import { useLive } from '../../api/live.js';
import { notificationsApi } from '../../api/notifications-client.js';
import type { FieldError, ServiceView, SettingValue } from '../../api/types.js';
import { ErrorBanner } from '../../components/Banner.js';
import { Dialog } from '../../components/Dialog.js';
import { SettingsForm } from '../../components/SettingsForm.js';
import { useI18n } from '../../i18n/i18n.js';
import { DialogSwitch } from './DialogSwitch.js';
import { NotifySwitch } from './NotifySwitch.js';
import { PackagesNotice } from './PackagesNotice.js';

export function SettingsDialog({
  service,
  onClose,
  onSaved,
}: {
  service: ServiceView;
  onClose(): void;
  onSaved(view: ServiceView): void;
}) {
  const { t, pick } = useI18n();
  const { applyAnswer, ticket } = useLive();
  const [saving, setSaving] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [monitored, setMonitored] = useState<boolean | null>(null);

  const save = async (values: Record<string, SettingValue>) => {
    setSaving(true);
    setError(null);
    setServerErrors([]);
    const sent = ticket(service.id);
    try {
      const view = await api.saveSettings(service.id, values);
      applyAnswer(view, sent);
      // Monitoring follows only settings that were accepted: a refused form changes nothing.
      if (monitored !== null) await notificationsApi.setMonitored(service.id, monitored);
      onSaved(view);
    } catch (failure) {
      if (isApiError(failure) && failure.fields.length > 0) setServerErrors(failure.fields);
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      title={t('settings.title', { name: pick(service.name) })}
      onClose={onClose}
      className="settings-dialog"
    >
      <p className="muted dialog-intro">{pick(service.description)}</p>
      {service.state === 'running' && service.settings.fields.length > 0 && (
        <p className="hint">{t('settings.restartHint')}</p>
      )}
      {error !== null && <ErrorBanner error={error} title={t('settings.saveFailed')} />}
      <SettingsForm
        fields={service.settings.fields}
        values={service.settings.values}
        serverErrors={serverErrors}
        saving={saving}
        onSave={(values) => void save(values)}
        onCancel={onClose}
      >
        <section className="dialog-section" aria-labelledby={`${service.id}-sharing`}>
          <h3 id={`${service.id}-sharing`}>{t('settings.sharing')}</h3>
          <AvailabilitySwitch
            label={t('services.expose.label')}
            available={service.expose.available}
            reasonKey={service.expose.reasonKey}
          />
          <NotifySwitch serviceId={service.id} wanted={monitored} onChange={setMonitored} />
        </section>
        {service.ports.length > 0 && (
          <section className="dialog-section" aria-labelledby={`${service.id}-ports`}>
            <h3 id={`${service.id}-ports`}>{t('settings.ports')}</h3>
            <p className="muted">{t('settings.portsHint')}</p>
            <ul className="port-list">
              {service.ports.map((port) => (
                <li key={`${port.port}/${port.protocol}`}>
                  <span className="port-number">
                    {port.port}/{port.protocol.toUpperCase()}
                  </span>
                  <span>{pick(port.purpose)}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <PackagesNotice service={service} />
      </SettingsForm>
    </Dialog>
  );
}

/**
 * "Expose to the internet?": shown now, usable once the capability it needs is configured; until then
 * disabled with the reason in one line.
 */
function AvailabilitySwitch({
  label,
  available,
  reasonKey,
}: {
  label: string;
  available: boolean;
  reasonKey: string;
}) {
  const { t } = useI18n();
  const [on, setOn] = useState(false);
  return (
    <DialogSwitch
      label={label}
      on={on}
      usable={available}
      reason={available ? undefined : t(reasonKey)}
      onToggle={setOn}
    />
  );
}
