// A notice or error box: what is wrong (title) and what to do (text), optionally with an action.
import type { ReactNode } from 'react';
import { isApiError } from '../api/client.js';
import { useT, type Translate } from '../i18n/i18n.js';

export type BannerKind = 'error' | 'warning' | 'notice' | 'success';

export function Banner({
  kind,
  title,
  children,
  action,
  id,
}: {
  kind: BannerKind;
  title?: string;
  children?: ReactNode;
  action?: ReactNode;
  id?: string;
}) {
  return (
    <div
      className={`banner banner-${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      id={id}
      data-kind={kind}
    >
      <BannerIcon kind={kind} />
      <div className="banner-body">
        {title && <p className="banner-title">{title}</p>}
        {children && <div className="banner-text">{children}</div>}
      </div>
      {action && <div className="banner-action">{action}</div>}
    </div>
  );
}

function BannerIcon({ kind }: { kind: BannerKind }) {
  const path =
    kind === 'success'
      ? 'M5 12.5l4.5 4.5L19 7.5'
      : kind === 'notice'
        ? 'M12 11v6M12 7.2v.1'
        : 'M12 7v6M12 16.8v.1';
  return (
    <svg className="banner-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d={path} fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}

/** What went wrong with a request, in words, for any thrown value (never a stack trace). */
export function describeError(t: Translate, error: unknown): string {
  if (isApiError(error)) return t(error.messageKey, error.params);
  return t('error.unknown', { key: error instanceof Error ? error.name : 'unknown' });
}

/** An error banner for a failed request. */
export function ErrorBanner({
  error,
  title,
  action,
}: {
  error: unknown;
  title?: string;
  action?: ReactNode;
}) {
  const t = useT();
  return (
    <Banner kind="error" title={title ?? t('error.title')} action={action}>
      <p>{describeError(t, error)}</p>
    </Banner>
  );
}
