// The frame of every page after login: header with navigation (plus the web interfaces of running
// services), language switch and logout; a skip link; the page in <main>.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useWebEntries } from '../api/live.js';
import type { SessionState } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, usePath } from '../router.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { UiIcon } from './ServiceIcon.js';

export const PAGES = [
  { path: '/services', key: 'nav.services' },
  { path: '/configuration', key: 'nav.configuration' },
  { path: '/users', key: 'nav.users' },
  { path: '/reporting', key: 'nav.reporting' },
] as const;

export function Layout({
  user,
  onLogout,
  children,
}: {
  user: NonNullable<SessionState['user']>;
  onLogout(): void;
  children: ReactNode;
}) {
  const { t, pick } = useI18n();
  const path = usePath();
  const webEntries = useWebEntries();
  const [menuOpen, setMenuOpen] = useState(false);
  const navId = useId();
  const toolsId = useId();

  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(path);

  // A chosen page closes the phone menu, and screen readers start reading at the new page.
  useEffect(() => {
    setMenuOpen(false);
    if (path !== firstPath.current) {
      firstPath.current = '';
      mainRef.current?.focus();
    }
  }, [path]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <div className={`header-bar${menuOpen ? ' menu-open' : ''}`}>
          <Link to="/services" className="brand">
            <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M3 11.5L12 4l9 7.5V20H3z" fill="currentColor" />
              <path d="M9.5 20v-5.5h5V20" fill="var(--brand-fg)" />
            </svg>
            <span>{t('app.name')}</span>
          </Link>
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls={`${navId} ${toolsId}`}
            onClick={() => setMenuOpen((open) => !open)}
          >
            <UiIcon name="menu" />
            <span>{t('nav.menu')}</span>
          </button>
          <div className="header-tools" id={toolsId}>
            <LanguageSwitch />
            <span className="header-user" title={t('users.signedInAs', { name: user.name })}>
              {user.name}
            </span>
            <button type="button" className="button button-ghost logout-button" onClick={onLogout}>
              <UiIcon name="logout" />
              <span>{t('nav.logout')}</span>
            </button>
          </div>
          <nav id={navId} className="main-nav" aria-label={t('nav.label')}>
            <ul className="nav-list">
              {PAGES.map((page) => (
                <li key={page.path}>
                  <Link
                    to={page.path}
                    className="nav-link"
                    aria-current={path === page.path || path.startsWith(`${page.path}/`) ? 'page' : undefined}
                  >
                    {t(page.key)}
                  </Link>
                </li>
              ))}
            </ul>
            {webEntries.length > 0 && (
              <ul className="nav-list nav-web-entries" aria-label={t('nav.webEntries')}>
                {webEntries.map((service) => (
                  <li key={service.id}>
                    <a
                      className="nav-link nav-web-entry"
                      href={service.webEntry?.url}
                      target="_blank"
                      rel="noopener"
                      data-web-entry={service.id}
                    >
                      {pick(service.webEntry?.label ?? service.name)}
                      <UiIcon name="external" />
                      <span className="visually-hidden"> {t('nav.newTab')}</span>
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </nav>
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1} ref={mainRef}>
        {children}
      </main>
    </div>
  );
}
