// The services page (Dienste): every service of the catalog with its status switch and settings.
import { useLive } from '../../api/live.js';
import { Banner, ErrorBanner } from '../../components/Banner.js';
import { useT } from '../../i18n/i18n.js';
import { ServiceRow } from './ServiceRow.js';

export function ServicesPage() {
  const t = useT();
  const { services, loadError, reload, streamLost } = useLive();
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('services.title')}</h1>
        <p className="page-intro">{t('services.intro')}</p>
      </header>
      {streamLost && services !== null && (
        <Banner kind="notice" title={t('live.disconnected')}>
          <p>{t('live.disconnectedHint')}</p>
        </Banner>
      )}
      {loadError !== null && (
        <ErrorBanner
          error={loadError}
          title={t('services.loadFailed')}
          action={
            <button type="button" className="button button-secondary" onClick={() => void reload()}>
              {t('common.retry')}
            </button>
          }
        />
      )}
      {services === null && loadError === null && <p role="status">{t('common.loading')}</p>}
      {services !== null && (
        <ul className="service-list" aria-label={t('services.listLabel')}>
          {services.map((service) => (
            <ServiceRow key={service.id} service={service} />
          ))}
        </ul>
      )}
    </div>
  );
}
