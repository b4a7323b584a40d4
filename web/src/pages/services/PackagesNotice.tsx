// Says which Debian packages a service still needs, and either installs them (with progress) or
// shows the command to run by hand.
import { useState } from 'react';
import { api } from '../../api/client.js';
import { useLive } from '../../api/live.js';
import type { ServiceView } from '../../api/types.js';
import { Banner, describeError } from '../../components/Banner.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { useT } from '../../i18n/i18n.js';

export function PackagesNotice({ service }: { service: ServiceView }) {
  const t = useT();
  const { installs, clearInstall, applyAnswer, ticket } = useLive();
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const progress = installs[service.id];
  const missing = service.packages.missing;
  const installing =
    sending || (progress !== undefined && progress.phase !== 'done' && progress.phase !== 'failed');

  if (missing.length === 0 && !installing) return null;
  const packages = missing.join(' ');

  const install = async () => {
    setSending(true);
    setError(null);
    clearInstall(service.id);
    const sent = ticket(service.id);
    try {
      applyAnswer(await api.install(service.id), sent);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="packages-notice">
      <Banner
        kind="warning"
        title={t(missing.length === 1 ? 'packages.needs.one' : 'packages.needs.other', { packages })}
      >
        {service.packages.installable ? (
          <p>{t('packages.installHint')}</p>
        ) : (
          <>
            <p>{t('packages.manualHint')}</p>
            <code className="command">{t('packages.command', { packages })}</code>
          </>
        )}
        {progress && progress.phase !== 'done' && progress.phase !== 'failed' && (
          <ProgressBar
            label={t('packages.progressLabel', { packages })}
            percent={progress.percent}
            detail={t(`packages.phase.${progress.phase}`)}
          />
        )}
        {progress?.phase === 'failed' && (
          <p className="error-text">
            {t(progress.messageKey ?? 'services.error.installFailed', { packages })}
          </p>
        )}
        {error !== null && <p className="error-text">{describeError(t, error)}</p>}
        {service.packages.installable && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => void install()}
            disabled={installing}
          >
            {installing ? t('packages.installing') : t('packages.install', { packages })}
          </button>
        )}
      </Banner>
    </div>
  );
}
