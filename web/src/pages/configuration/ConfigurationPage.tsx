// The configuration page (Konfiguration): the firewall as it is applied, the SMTP account, the
// notifications, the backups card, and what later versions add (access via the internet).
import { useState } from 'react';
import { useLive } from '../../api/live.js';
import { Banner } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';
import { BackupSettingsCard } from '../backup/BackupSettingsCard.js';
import { FirewallCard } from './FirewallCard.js';
import { NotificationsCard } from './NotificationsCard.js';
import { SmtpCard } from './SmtpCard.js';

const LATER = ['access'] as const;

export function ConfigurationPage() {
  const { t } = useI18n();
  const { firewall, loadError } = useLive();
  // Bumped when the SMTP account changed: notifications become usable once it is active.
  const [smtpChanges, setSmtpChanges] = useState(0);
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('configuration.title')}</h1>
        <p className="page-intro">{t('configuration.intro')}</p>
      </header>
      {firewall ? (
        <FirewallCard firewall={firewall} />
      ) : loadError ? (
        <Banner kind="error" title={t('firewall.loadFailed')}>
          <p>{t('common.reloadHint')}</p>
        </Banner>
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
      <SmtpCard onChange={() => setSmtpChanges((n) => n + 1)} />
      <NotificationsCard reload={smtpChanges} />
      <div className="card-grid card-grid-later">
        <BackupSettingsCard />
        {LATER.map((area) => (
          <section key={area} className="card card-later" aria-labelledby={`later-${area}`}>
            <h2 id={`later-${area}`}>{t(`configuration.${area}.title`)}</h2>
            <p>{t(`configuration.${area}.text`)}</p>
            <p className="badge badge-later">{t('configuration.later')}</p>
          </section>
        ))}
      </div>
    </div>
  );
}
