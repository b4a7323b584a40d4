// The test mail that proves an SMTP account works, in the owner's language.
import type { OutgoingMail } from './mail-transport.js';
import type { SmtpAccount } from './smtp-account.js';

export type MailLanguage = 'de' | 'en';

const TEXT: Record<MailLanguage, { subject: string; body: (server: string) => string }> = {
  de: {
    subject: 'Hausmeister: Testmail',
    body: (server) =>
      `Diese Testmail hat Hausmeister über ${server} verschickt. Sie ist angekommen: der Postausgangsserver ` +
      'ist eingerichtet, und Benachrichtigungen können ab jetzt per E-Mail kommen.',
  },
  en: {
    subject: 'Hausmeister: test mail',
    body: (server) =>
      `Hausmeister sent this test mail through ${server}. It arrived: the outgoing mail server is set up, ` +
      'and notifications can come by e-mail from now on.',
  },
};

export function testMail(recipient: string, account: SmtpAccount, language: MailLanguage): OutgoingMail {
  const text = TEXT[language];
  return {
    to: [recipient],
    subject: text.subject,
    text: `${text.body(`${account.host}:${account.port}`)}\n`,
  };
}
