// The firewall card: which backend applies the rules, for which home networks, the rules themselves
// and the last error (GET /api/v1/firewall, kept current by the event stream).
import type { FirewallStatus } from '../../api/types.js';
import { Banner } from '../../components/Banner.js';
import { ServiceIcon } from '../../components/ServiceIcon.js';
import { useI18n } from '../../i18n/i18n.js';

export function FirewallCard({ firewall }: { firewall: FirewallStatus }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section className="card" id="firewall" aria-labelledby="firewall-title">
      <div className="card-title">
        <ServiceIcon name="firewall" />
        <h2 id="firewall-title">{t('firewall.title')}</h2>
      </div>
      <p>{t('firewall.intro')}</p>
      {firewall.error && (
        <Banner kind="error" title={t('firewall.errorTitle')}>
          <p>{t(firewall.error.messageKey, firewall.error.params)}</p>
        </Banner>
      )}
      {firewall.driver === 'off' && (
        <Banner kind="notice" title={t('firewall.offTitle')}>
          <p>{t('firewall.offText')}</p>
        </Banner>
      )}
      <dl className="facts">
        <div>
          <dt>{t('firewall.driver')}</dt>
          <dd>{t(`firewall.driver.${firewall.driver}`)}</dd>
        </div>
        <div>
          <dt>{t('firewall.homeNetworks')}</dt>
          <dd>
            {firewall.homeNetworks.length > 0
              ? firewall.homeNetworks.join(', ')
              : t('firewall.noHomeNetworks')}
          </dd>
        </div>
        <div>
          <dt>{t('firewall.appliedAt')}</dt>
          <dd>{formatDateTime(firewall.appliedAt)}</dd>
        </div>
      </dl>
      <h3>{t('firewall.rules')}</h3>
      <pre className="code-block" tabIndex={0} aria-label={t('firewall.rules')}>
        {firewall.rendered || t('firewall.noRules')}
      </pre>
    </section>
  );
}
