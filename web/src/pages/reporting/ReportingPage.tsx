// The reporting page (Reporting): tabs for the state of the services, for backups (the source's
// "Tab Backup im Bereich Reporting") and for outgoing mail. `/reporting#backup` opens the backup tab.
import { useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { BackupReport } from './BackupReport.js';
import { MailOutboxReport } from './MailOutboxReport.js';
import { ServiceStatusReport } from './ServiceStatusReport.js';

const TABS = ['services', 'backup', 'mail'] as const;
type Tab = (typeof TABS)[number];

function tabFromHash(): Tab {
  return TABS.find((tab) => tab !== 'services' && window.location.hash === `#${tab}`) ?? 'services';
}

export function ReportingPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ services: null, backup: null, mail: null });

  const choose = (next: Tab, focus = false) => {
    setTab(next);
    // Remembered in the address, so reload and back keep the tab.
    window.history.replaceState(null, '', next === 'services' ? window.location.pathname : `#${next}`);
    if (focus) tabRefs.current[next]?.focus();
  };

  // Tabs as the ARIA pattern has them: arrow keys move between tabs, Tab goes into the panel.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.indexOf(tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (event.key === 'Home') choose(TABS[0], true);
    else if (event.key === 'End') choose(TABS[TABS.length - 1] ?? 'backup', true);
    else if (step !== 0) choose(TABS[(index + step + TABS.length) % TABS.length] ?? 'services', true);
    else return;
    event.preventDefault();
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('reporting.title')}</h1>
        <p className="page-intro">{t('reporting.intro')}</p>
      </header>
      <div className="tabs" role="tablist" aria-label={t('backupUi.report.tabs')} onKeyDown={onKeyDown}>
        {TABS.map((id) => (
          <button
            key={id}
            ref={(element) => {
              tabRefs.current[id] = element;
            }}
            type="button"
            role="tab"
            id={`reporting-tab-${id}`}
            className="tab"
            aria-selected={tab === id}
            aria-controls={`reporting-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => choose(id)}
          >
            {t(`backupUi.report.tab.${id}`)}
          </button>
        ))}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id={`reporting-panel-${tab}`}
        aria-labelledby={`reporting-tab-${tab}`}
      >
        {tab === 'services' ? (
          <ServiceStatusReport />
        ) : tab === 'backup' ? (
          <BackupReport />
        ) : (
          <MailOutboxReport />
        )}
      </div>
    </div>
  );
}
