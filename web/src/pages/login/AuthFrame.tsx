// The frame of the setup and login pages: product name, language switch, one centred card.
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { useT } from '../../i18n/i18n.js';

export function AuthFrame({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="auth-page">
      <header className="auth-header">
        <span className="brand">
          <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M3 11.5L12 4l9 7.5V20H3z" fill="currentColor" />
            <path d="M9.5 20v-5.5h5V20" fill="var(--brand-fg)" />
          </svg>
          <span>{t('app.name')}</span>
        </span>
        <LanguageSwitch />
      </header>
      <main id="main" className="auth-main">
        <section className="card auth-card" aria-labelledby="auth-title">
          <h1 id="auth-title">{title}</h1>
          <p className="muted">{intro}</p>
          {children}
        </section>
      </main>
    </div>
  );
}

/** A labelled text input with its hint and error, for the setup and login forms. */
export function AuthField({
  id,
  label,
  type,
  value,
  onChange,
  autoComplete,
  hint,
  error,
  autoFocus,
}: {
  id: string;
  label: string;
  type: 'text' | 'password';
  value: string;
  onChange(value: string): void;
  autoComplete: string;
  hint?: string;
  error?: string;
  autoFocus?: boolean;
}) {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field field-text${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        autoCapitalize="none"
        spellCheck={false}
        autoFocus={autoFocus}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} className="field-help">
          {hint}
        </p>
      )}
    </div>
  );
}
