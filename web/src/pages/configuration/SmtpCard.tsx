// The SMTP account card (Konfiguration → SMTP-Konto): the active outgoing server, and the form whose
// settings are saved and become active only when their test mail went out.
import { useEffect, useState } from 'react';
import { isApiError } from '../../api/client.js';
import { smtpApi, type SmtpView } from '../../api/smtp-client.js';
import { Banner, describeError, ErrorBanner } from '../../components/Banner.js';
import { SelectField, TextField, type FieldBinding } from '../../components/FormFields.js';
import type { FieldProblem } from '../../components/settings-validation.js';
import { useI18n } from '../../i18n/i18n.js';
import {
  checkSmtpForm,
  DEFAULT_PORT,
  hasStoredPassword,
  initialValues,
  toInput,
  type SmtpField,
  type SmtpFormValues,
} from './smtp-form.js';

type Outcome = { kind: 'activated' | 'tested'; recipient: string } | { kind: 'failed'; error: unknown };

export function SmtpCard({ onChange }: { onChange?: () => void }) {
  const { t, language, formatDateTime } = useI18n();
  const [view, setView] = useState<SmtpView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [values, setValues] = useState<SmtpFormValues | null>(null);
  const [touched, setTouched] = useState<Set<SmtpField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [serverProblems, setServerProblems] = useState<Partial<Record<string, FieldProblem>>>({});

  const load = async () => {
    try {
      const loaded = await smtpApi.view();
      setView(loaded);
      setValues((current) => current ?? initialValues(loaded));
      setLoadError(null);
    } catch (error) {
      setLoadError(error);
    }
  };
  useEffect(() => void load(), []);

  if (!values)
    return (
      <section className="card smtp-card" aria-labelledby="smtp-title" data-card="smtp">
        <h2 id="smtp-title">{t('configuration.smtp.title')}</h2>
        {loadError !== null ? (
          <ErrorBanner error={loadError} title={t('smtpUi.loadFailed')} />
        ) : (
          <p role="status">{t('common.loading')}</p>
        )}
      </section>
    );

  const passwordStored = hasStoredPassword(view, values);
  const problems = checkSmtpForm(values, passwordStored);
  const bind = (field: SmtpField): FieldBinding => ({
    id: `smtp-${field}`,
    problem: serverProblems[field] ?? (submitted || touched.has(field) ? problems[field] : undefined),
    touch: () => {
      setTouched((current) => new Set(current).add(field));
      setServerProblems(({ [field]: _gone, ...rest }) => rest);
    },
  });
  const set =
    <K extends SmtpField>(field: K) =>
    (value: SmtpFormValues[K]) =>
      setValues((current) => (current ? { ...current, [field]: value } : current));

  const submit = async () => {
    setSubmitted(true);
    setOutcome(null);
    if (Object.keys(problems).length > 0) return;
    setSending(true);
    try {
      await smtpApi.saveDraft(toInput(values));
      const result = await smtpApi.test(values.recipient.trim(), language);
      setView(result.account);
      setValues({ ...values, password: '' });
      setOutcome({ kind: result.activated ? 'activated' : 'tested', recipient: values.recipient.trim() });
      onChange?.();
      setSubmitted(false);
      setTouched(new Set());
    } catch (error) {
      if (isApiError(error) && error.fields.length > 0)
        setServerProblems(Object.fromEntries(error.fields.map((f) => [f.field, f])));
      setOutcome({ kind: 'failed', error });
      await load();
    } finally {
      setSending(false);
    }
  };

  const active = view?.active ?? null;
  return (
    <section className="card smtp-card" aria-labelledby="smtp-title" data-card="smtp">
      <h2 id="smtp-title">{t('configuration.smtp.title')}</h2>
      <p className="muted">{t('configuration.smtp.text')}</p>
      <p className="smtp-state" data-active={active !== null}>
        <span className={`state-dot ${active ? 'state-dot-running' : ''}`} aria-hidden="true" />
        {active
          ? t('smtpUi.active', {
              server: `${active.host}:${active.port}`,
              from: active.from,
              since: formatDateTime(active.activatedAt),
            })
          : t('smtpUi.inactive')}
      </p>
      {outcome?.kind === 'activated' && (
        <Banner kind="success" title={t('smtpUi.activatedTitle')}>
          <p>{t('smtpUi.activatedText', { recipient: outcome.recipient })}</p>
        </Banner>
      )}
      {outcome?.kind === 'tested' && (
        <Banner kind="success" title={t('smtpUi.testedTitle')}>
          <p>{t('smtpUi.testedText', { recipient: outcome.recipient })}</p>
        </Banner>
      )}
      {outcome?.kind === 'failed' && (
        <Banner kind="error" title={t(active ? 'smtpUi.failedKeptTitle' : 'smtpUi.failedTitle')}>
          <p>{describeError(t, outcome.error)}</p>
        </Banner>
      )}
      <form
        className="smtp-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="field-row field-row-host">
          <TextField
            binding={bind('host')}
            label={t('smtpUi.host')}
            required
            className="input-mono"
            placeholder="smtp.example.org"
            value={values.host}
            onChange={set('host')}
          />
          <TextField
            binding={bind('port')}
            label={t('smtpUi.port')}
            required
            inputMode="numeric"
            className="input-number"
            value={values.port}
            onChange={set('port')}
          />
        </div>
        <SelectField
          binding={bind('security')}
          label={t('smtpUi.security')}
          help={t('smtpUi.securityHelp')}
          value={values.security}
          options={[
            { value: 'starttls', label: t('smtpUi.security.starttls') },
            { value: 'tls', label: t('smtpUi.security.tls') },
          ]}
          onChange={(security) =>
            setValues((current) => {
              if (!current) return current;
              // The port follows the encryption while it is still the other one's default.
              const other = DEFAULT_PORT[security === 'tls' ? 'starttls' : 'tls'];
              const port = current.port === String(other) ? String(DEFAULT_PORT[security]) : current.port;
              return { ...current, security, port };
            })
          }
        />
        <TextField
          binding={bind('username')}
          label={t('smtpUi.username')}
          required
          autoComplete="username"
          value={values.username}
          onChange={set('username')}
        />
        <TextField
          binding={bind('password')}
          label={t('smtpUi.password')}
          type="password"
          required={!passwordStored}
          autoComplete="new-password"
          placeholder={passwordStored ? t('smtpUi.passwordKept') : ''}
          help={passwordStored ? t('smtpUi.passwordKeptHelp') : undefined}
          value={values.password}
          onChange={set('password')}
        />
        <TextField
          binding={bind('from')}
          label={t('smtpUi.from')}
          help={t('smtpUi.fromHelp')}
          required
          type="email"
          value={values.from}
          onChange={set('from')}
        />
        <TextField
          binding={bind('recipient')}
          label={t('smtpUi.recipient')}
          help={t('smtpUi.recipientHelp')}
          required
          type="email"
          value={values.recipient}
          onChange={set('recipient')}
        />
        <p className="field-help">{t('smtpUi.providerHelp')}</p>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={sending} data-action="smtp-test">
            {t(sending ? 'smtpUi.sending' : 'smtpUi.saveAndTest')}
          </button>
        </div>
      </form>
    </section>
  );
}
