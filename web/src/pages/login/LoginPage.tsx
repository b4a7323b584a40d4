// The login page (POST /api/v1/login): wrong passwords and throttling are explained in words.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { SessionState } from '../../api/types.js';
import { ErrorBanner } from '../../components/Banner.js';
import { useT } from '../../i18n/i18n.js';
import { AuthField, AuthFrame } from './AuthFrame.js';

export function LoginPage({ onDone, notice }: { onDone(session: SessionState): void; notice?: string }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (username.trim() === '' || password === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    setSending(true);
    setError(null);
    try {
      onDone(await api.login(username.trim(), password));
    } catch (failure) {
      setError(failure);
      setPassword('');
      setSending(false);
    }
  };

  return (
    <AuthFrame title={t('login.title')} intro={t('login.intro')}>
      {notice && (
        <p className="hint" role="status">
          {notice}
        </p>
      )}
      {error !== null && <ErrorBanner error={error} title={t('login.failed')} />}
      <form className="auth-form" noValidate onSubmit={(event) => void submit(event)}>
        <AuthField
          id="username"
          label={t('auth.username')}
          type="text"
          value={username}
          onChange={setUsername}
          autoComplete="username"
          error={missing && username.trim() === '' ? t('login.error.usernameMissing') : undefined}
          autoFocus
        />
        <AuthField
          id="password"
          label={t('auth.password')}
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          error={missing && password === '' ? t('login.error.passwordMissing') : undefined}
        />
        <button type="submit" className="button button-primary button-block" disabled={sending}>
          {sending ? t('login.sending') : t('login.submit')}
        </button>
      </form>
    </AuthFrame>
  );
}
