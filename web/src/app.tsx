// The app: asks the daemon who is logged in, then shows setup, login or the cockpit with its pages.
import { useCallback, useEffect, useState } from 'react';
import { api, setCsrfToken, setUnauthenticatedHandler } from './api/client.js';
import { LiveProvider } from './api/live.js';
import type { SessionState } from './api/types.js';
import { ErrorBanner } from './components/Banner.js';
import { Layout, PAGES } from './components/Layout.js';
import { useT } from './i18n/i18n.js';
import { ConfigurationPage } from './pages/configuration/ConfigurationPage.js';
import { LoginPage } from './pages/login/LoginPage.js';
import { SetupPage } from './pages/login/SetupPage.js';
import { ReportingPage } from './pages/reporting/ReportingPage.js';
import { ServicesPage } from './pages/services/ServicesPage.js';
import { UsersPage } from './pages/users/UsersPage.js';
import { navigate, usePath } from './router.js';

export function App() {
  const t = useT();
  const [session, setSession] = useState<SessionState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [expired, setExpired] = useState(false);

  const adopt = useCallback((next: SessionState) => {
    setCsrfToken(next.csrfToken);
    setSession(next);
    setError(null);
  }, []);

  const load = useCallback(async () => {
    try {
      adopt(await api.session());
    } catch (failure) {
      setError(failure);
    }
  }, [adopt]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setExpired(true);
      adopt({ setupRequired: false, user: null, csrfToken: null });
    });
    void load();
  }, [adopt, load]);

  const logout = async () => {
    try {
      await api.logout();
    } catch {
      /* logged out on this side either way */
    }
    setExpired(false);
    adopt({ setupRequired: false, user: null, csrfToken: null });
  };

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  if (error !== null && session === null) {
    return (
      <main id="main" className="auth-main">
        <ErrorBanner
          error={error}
          title={t('app.unreachable')}
          action={
            <button type="button" className="button button-secondary" onClick={() => void load()}>
              {t('common.retry')}
            </button>
          }
        />
      </main>
    );
  }
  if (session === null)
    return (
      <p className="app-loading" role="status">
        {t('common.loading')}
      </p>
    );
  if (session.setupRequired) return <SetupPage onDone={adopt} />;
  if (!session.user) {
    return (
      <LoginPage
        onDone={(next) => {
          setExpired(false);
          adopt(next);
        }}
        notice={expired ? t('login.expired') : undefined}
      />
    );
  }
  return (
    <LiveProvider>
      <Layout user={session.user} onLogout={() => void logout()}>
        <Page user={session.user} />
      </Layout>
    </LiveProvider>
  );
}

function Page({ user }: { user: NonNullable<SessionState['user']> }) {
  const path = usePath();
  const known = PAGES.some((page) => page.path === path);
  useEffect(() => {
    if (!known) navigate('/services', { replace: true });
  }, [known]);
  switch (path) {
    case '/configuration':
      return <ConfigurationPage />;
    case '/users':
      return <UsersPage user={user} />;
    case '/reporting':
      return <ReportingPage />;
    default:
      return <ServicesPage />;
  }
}
