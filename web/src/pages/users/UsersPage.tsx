// The users page (Benutzer): for now the account that is logged in.
import type { SessionState } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';

export function UsersPage({ user }: { user: NonNullable<SessionState['user']> }) {
  const t = useT();
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('users.title')}</h1>
        <p className="page-intro">{t('users.intro')}</p>
      </header>
      <section className="card" aria-labelledby="current-user">
        <h2 id="current-user">{t('users.current')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('users.name')}</dt>
            <dd data-testid="current-user-name">{user.name}</dd>
          </div>
          <div>
            <dt>{t('users.role')}</dt>
            <dd>{t(`users.role.${user.role}`)}</dd>
          </div>
        </dl>
        <p className="muted">{t('users.later')}</p>
      </section>
    </div>
  );
}
