// The outgoing mail server capability (SMTP account): its public surface.
export { Smtp, type SmtpDeps, type TestResult } from './smtp.js';
export type { MailTransport, OutgoingMail } from './mail-transport.js';
export type { SmtpAccount, SmtpAccountInput, SmtpSecurity, SmtpView, TestOutcome } from './smtp-account.js';
export type { MailLanguage } from './test-mail.js';
export { MailOutbox, pauseAfter, type MailOutboxDeps, type QueuedMail } from './mail-outbox.js';
