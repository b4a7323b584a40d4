// `hausmeister smtp …`: show the outgoing mail account and send the test mail that activates a draft.
import type { SmtpView, TestResult } from '../capabilities/smtp/index.js';
import { UsageError, type CliContext } from './cli-context.js';
import { describe } from './messages.js';
import { printOutbox } from './notify-commands.js';

export const SMTP_USAGE = `  smtp show               the active SMTP account, the draft and the last test
  smtp test ADDRESS [--lang de|en]
                          send a test mail to ADDRESS through the draft (or the active account);
                          if the server accepts it, the draft becomes the active account`;

export async function runSmtpCommand(command: string, args: string[], cli: CliContext): Promise<number> {
  const { request, print, out, options } = cli;
  switch (command) {
    case 'show': {
      const view = await request<SmtpView>('GET', '/api/v1/smtp');
      print(view, () => describeAccount(view, out));
      return 0;
    }
    case 'test': {
      const [recipient] = args;
      if (!recipient) throw new UsageError('"smtp test" needs the address to send the test mail to');
      const language = options.lang ?? 'en';
      if (language !== 'de' && language !== 'en') throw new UsageError('--lang is de or en');
      const result = await request<TestResult>('POST', '/api/v1/smtp/test', { recipient, language });
      print(result, () =>
        out(
          result.activated
            ? `The server accepted the test mail to ${recipient}: these settings are active now.`
            : `The server accepted the test mail to ${recipient}; the active settings stay as they are.`,
        ),
      );
      return 0;
    }
    case 'outbox':
      return printOutbox(cli);
    default:
      throw new UsageError(`unknown command "smtp ${command}"`);
  }
}

function describeAccount(view: SmtpView, out: (line: string) => void): void {
  const line = (a: NonNullable<SmtpView['draft'] | SmtpView['active']>) =>
    `${a.username} at ${a.host}:${a.port} (${a.security === 'tls' ? 'TLS' : 'STARTTLS'}), sender ${a.from}`;
  out(view.active ? `active: ${line(view.active)} since ${view.active.activatedAt}` : 'active: none');
  if (view.draft) out(`draft:  ${line(view.draft)}, not tested yet`);
  const test = view.lastTest;
  if (test)
    out(
      `last test: ${test.at} to ${test.recipient}: ` +
        (test.ok
          ? 'accepted'
          : describe(test.error?.messageKey ?? 'smtp.error.failed', test.error?.params ?? {})),
    );
}
