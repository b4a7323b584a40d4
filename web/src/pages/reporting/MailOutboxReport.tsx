// Reporting → Outgoing mail: the mails waiting for the SMTP server (with why and when they are tried
// again) and the last ones sent, with a button that tries the waiting ones now.
import { useEffect, useState } from 'react';
import { notificationsApi, type QueuedMail } from '../../api/notifications-client.js';
import { Banner, ErrorBanner } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';

export function MailOutboxReport() {
  const { t, formatDateTime } = useI18n();
  const [mails, setMails] = useState<QueuedMail[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  const load = async (action: () => Promise<{ mails: QueuedMail[] }> = notificationsApi.outbox) => {
    try {
      setMails((await action()).mails);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  };
  useEffect(() => void load(), []);

  const waiting = mails?.filter((m) => m.state === 'queued').length ?? 0;
  return (
    <section className="card card-table" aria-labelledby="outbox-title" data-card="outbox">
      <h2 id="outbox-title">{t('outbox.title')}</h2>
      <p className="muted">{t('outbox.intro')}</p>
      {error !== null && <ErrorBanner error={error} title={t('outbox.loadFailed')} />}
      {mails === null && error === null && <p role="status">{t('common.loading')}</p>}
      {waiting > 0 && (
        <Banner kind="warning" title={t('outbox.waiting', { count: waiting })}>
          <p>{t('outbox.waitingText')}</p>
        </Banner>
      )}
      {mails !== null && mails.length === 0 && <p className="muted">{t('outbox.empty')}</p>}
      {mails !== null && mails.length > 0 && (
        <div className="table-scroll">
          <table className="status-table">
            <thead>
              <tr>
                <th scope="col">{t('outbox.created')}</th>
                <th scope="col">{t('outbox.subject')}</th>
                <th scope="col">{t('outbox.recipients')}</th>
                <th scope="col">{t('outbox.state')}</th>
              </tr>
            </thead>
            <tbody>
              {mails.map((mail) => (
                <tr key={mail.id} data-mail={mail.id} data-state={mail.state}>
                  <th scope="row" data-label={t('outbox.created')}>
                    {formatDateTime(mail.createdAt)}
                  </th>
                  <td data-label={t('outbox.subject')}>{mail.subject}</td>
                  <td data-label={t('outbox.recipients')}>{mail.recipients.join(', ')}</td>
                  <td data-label={t('outbox.state')}>
                    <span className="fact-line">
                      {mail.state === 'sent'
                        ? t('outbox.sent', { at: formatDateTime(mail.sentAt) })
                        : mail.state === 'failed'
                          ? t('outbox.failed', { attempts: mail.attempts })
                          : t('outbox.queued', {
                              at: formatDateTime(mail.nextAttemptAt),
                              attempts: mail.attempts,
                            })}
                    </span>
                    {mail.lastError && mail.state !== 'sent' && (
                      <span className="table-reason">
                        {t(mail.lastError.messageKey, mail.lastError.params)}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          disabled={sending || waiting === 0}
          data-action="send-outbox"
          onClick={() => {
            setSending(true);
            void load(notificationsApi.sendOutbox).finally(() => setSending(false));
          }}
        >
          {t(sending ? 'outbox.sending' : 'outbox.sendNow')}
        </button>
      </div>
    </section>
  );
}
