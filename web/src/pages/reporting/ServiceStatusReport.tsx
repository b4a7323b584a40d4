// Reporting → Services: the state of every service (since when, how often restarted) and its log.
import { useState } from 'react';
import { useLive } from '../../api/live.js';
import type { ServiceView } from '../../api/types.js';
import { ErrorBanner } from '../../components/Banner.js';
import { UiIcon } from '../../components/ServiceIcon.js';
import { useI18n } from '../../i18n/i18n.js';
import { LogDialog } from '../services/LogDialog.js';

export function ServiceStatusReport() {
  const { t, pick, formatDateTime } = useI18n();
  const { services, loadError } = useLive();
  const [logOf, setLogOf] = useState<ServiceView | null>(null);
  return (
    <>
      {loadError !== null && <ErrorBanner error={loadError} />}
      {services === null && loadError === null && <p role="status">{t('common.loading')}</p>}
      {services !== null && (
        <section className="card card-table" aria-labelledby="service-status">
          <h2 id="service-status">{t('reporting.services')}</h2>
          <div className="table-scroll">
            <table className="status-table">
              <thead>
                <tr>
                  <th scope="col">{t('reporting.service')}</th>
                  <th scope="col">{t('reporting.state')}</th>
                  <th scope="col">{t('reporting.since')}</th>
                  <th scope="col">{t('reporting.restarts')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('reporting.log')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {services.map((service) => (
                  <tr key={service.id} data-service={service.id}>
                    <th scope="row">{pick(service.name)}</th>
                    <td>
                      <span className={`state-dot state-dot-${service.state}`} aria-hidden="true" />
                      {t(`services.state.${service.state}`)}
                      {service.reason && service.state === 'failed' && (
                        <span className="table-reason">
                          {t(service.reason.messageKey, service.reason.params)}
                        </span>
                      )}
                    </td>
                    <td>{formatDateTime(service.since)}</td>
                    <td>{service.restarts}</td>
                    <td>
                      {!service.builtin && (
                        <button
                          type="button"
                          className="button button-ghost button-small"
                          onClick={() => setLogOf(service)}
                          aria-label={t('reporting.logOf', { name: pick(service.name) })}
                        >
                          <UiIcon name="log" />
                          {t('reporting.log')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {logOf && <LogDialog service={logOf} onClose={() => setLogOf(null)} />}
    </>
  );
}
