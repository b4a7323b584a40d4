// `hausmeister notify …` and `hausmeister smtp outbox`: send a report now, see what waits to go out.
import type { QueuedMail } from '../capabilities/smtp/index.js';
import { UsageError, type CliContext } from './cli-context.js';
import { describe } from './messages.js';

export const NOTIFY_USAGE = `  notify send-report-now  build a report now and hand it to the outbox
  smtp outbox             mails waiting to go out (and why), and the last ones sent`;

export async function runNotifyCommand(command: string, _args: string[], cli: CliContext): Promise<number> {
  if (command !== 'send-report-now') throw new UsageError(`unknown command "notify ${command}"`);
  const queued = await cli.request<{ id: number; subject: string }>('POST', '/api/v1/notifications/report');
  const { mails } = await cli.request<{ mails: QueuedMail[] }>('GET', '/api/v1/smtp/outbox');
  const mail = mails.find((m) => m.id === queued.id);
  cli.print({ ...queued, state: mail?.state ?? 'queued' }, () =>
    cli.out(
      mail?.state === 'sent'
        ? `Report "${queued.subject}" sent.`
        : `Report "${queued.subject}" is in the outbox; it goes out as soon as the SMTP server takes it.`,
    ),
  );
  return 0;
}

export async function printOutbox(cli: CliContext): Promise<number> {
  const { mails } = await cli.request<{ mails: QueuedMail[] }>('GET', '/api/v1/smtp/outbox');
  cli.print({ mails }, () => {
    if (mails.length === 0) cli.out('The outbox is empty.');
    for (const mail of mails) {
      const why = mail.lastError ? ` (${describe(mail.lastError.messageKey, mail.lastError.params)})` : '';
      const state =
        mail.state === 'queued'
          ? `waiting, next attempt ${mail.nextAttemptAt}${why}`
          : mail.state === 'sent'
            ? `sent ${mail.sentAt}`
            : `given up${why}`;
      cli.out(`${mail.createdAt}  ${mail.subject}  → ${mail.recipients.join(', ')}: ${state}`);
    }
  });
  return 0;
}
