// First run: create the owner account (POST /api/v1/setup), which also logs in.
import { useState, type FormEvent } from 'react';
import { api, isApiError } from '../../api/client.js';
import type { SessionState } from '../../api/types.js';
import { ErrorBanner } from '../../components/Banner.js';
import { useT } from '../../i18n/i18n.js';
import { AuthField, AuthFrame } from './AuthFrame.js';

// The daemon's rules (src/capabilities/users/accounts.ts), checked here first to answer at once.
const USERNAME = /^[a-z][a-z0-9_-]*$/;
const USERNAME_MAX = 32;
const PASSWORD_MIN = 10;

export function SetupPage({ onDone }: { onDone(session: SessionState): void }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const serverField = (name: string) => {
    if (!isApiError(error)) return undefined;
    const field = error.fields.find((f) => f.field === name);
    return field ? t(field.messageKey, field.params) : undefined;
  };
  const problems = {
    username:
      username === ''
        ? t('auth.error.usernameRequired')
        : username.length > USERNAME_MAX || !USERNAME.test(username)
          ? t('auth.error.usernameShape')
          : undefined,
    password:
      password.length < PASSWORD_MIN ? t('auth.error.passwordTooShort', { min: PASSWORD_MIN }) : undefined,
    repeat: repeat !== password ? t('setup.error.repeat') : undefined,
  };
  const shown = (name: keyof typeof problems) =>
    (touched[name] || tried ? problems[name] : undefined) ?? serverField(name);

  const change = (name: keyof typeof problems, set: (value: string) => void) => (value: string) => {
    set(value);
    setTouched((current) => ({ ...current, [name]: true }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.username || problems.password || problems.repeat) return;
    setSending(true);
    setError(null);
    try {
      onDone(await api.setup(username, password));
    } catch (failure) {
      setError(failure);
      setSending(false);
    }
  };

  return (
    <AuthFrame title={t('setup.title')} intro={t('setup.intro')}>
      {error !== null && !(isApiError(error) && error.fields.length > 0) && (
        <ErrorBanner error={error} title={t('setup.failed')} />
      )}
      <form className="auth-form" noValidate onSubmit={(event) => void submit(event)}>
        <AuthField
          id="username"
          label={t('auth.username')}
          type="text"
          value={username}
          onChange={change('username', setUsername)}
          autoComplete="username"
          hint={t('setup.usernameHint')}
          error={shown('username')}
          autoFocus
        />
        <AuthField
          id="password"
          label={t('auth.password')}
          type="password"
          value={password}
          onChange={change('password', setPassword)}
          autoComplete="new-password"
          hint={t('setup.passwordHint', { min: PASSWORD_MIN })}
          error={shown('password')}
        />
        <AuthField
          id="repeat"
          label={t('setup.repeat')}
          type="password"
          value={repeat}
          onChange={change('repeat', setRepeat)}
          autoComplete="new-password"
          error={shown('repeat')}
        />
        <button type="submit" className="button button-primary button-block" disabled={sending}>
          {sending ? t('setup.creating') : t('setup.create')}
        </button>
      </form>
    </AuthFrame>
  );
}
