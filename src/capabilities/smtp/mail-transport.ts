// What the SMTP capability needs from the host to hand a mail over: one call that sends through a
// given account and fails with a typed reason (see smtp-failure.ts), implemented by a driver.
import type { SmtpAccount } from './smtp-account.js';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

export interface MailTransport {
  /** Sends one mail through the account; resolves with the server's answer to the last command. */
  send(account: SmtpAccount, password: string, mail: OutgoingMail): Promise<{ response: string }>;
}
