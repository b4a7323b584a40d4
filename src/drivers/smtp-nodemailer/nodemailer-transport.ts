// Hands mails to the owner's SMTP server with nodemailer: STARTTLS is required on the submission port
// (never a plain-text fallback), certificates are checked, and nodemailer's error codes become typed
// reasons the owner can act on.
import nodemailer from 'nodemailer';
import { HausmeisterError, type ErrorReason } from '../../errors.js';
import type { MailTransport, OutgoingMail, SmtpAccount } from '../../capabilities/smtp/index.js';

export interface TransportTimeouts {
  /** To open the TCP connection. */
  connectMs: number;
  /** For the greeting and for each later answer of the server. */
  answerMs: number;
}

const DEFAULT_TIMEOUTS: TransportTimeouts = { connectMs: 15_000, answerMs: 30_000 };

export function createNodemailerTransport(timeouts: TransportTimeouts = DEFAULT_TIMEOUTS): MailTransport {
  return {
    async send(account, password, mail) {
      const transport = nodemailer.createTransport({
        host: account.host,
        port: account.port,
        secure: account.security === 'tls',
        requireTLS: account.security === 'starttls',
        auth: { user: account.username, pass: password },
        tls: { servername: account.host, minVersion: 'TLSv1.2', rejectUnauthorized: true },
        connectionTimeout: timeouts.connectMs,
        greetingTimeout: timeouts.answerMs,
        socketTimeout: timeouts.answerMs,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      try {
        const info = await transport.sendMail(message(account, mail));
        return { response: String(info.response ?? '') };
      } catch (error) {
        throw smtpError(account, error);
      } finally {
        transport.close();
      }
    },
  };
}

function message(account: SmtpAccount, mail: OutgoingMail) {
  return {
    from: account.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

interface NodemailerError {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  message?: string;
  cause?: { code?: string };
}

const CERTIFICATE = /certificate|self[- ]signed|altname|unable to verify|CERT_|issuer|expired/i;

/** Which reason and words a failed send gets; the server's own answer is kept for the owner to read. */
export function smtpError(account: SmtpAccount, error: unknown): HausmeisterError {
  const e = (error ?? {}) as NodemailerError;
  const text = `${e.message ?? String(error)} ${e.cause?.code ?? ''}`;
  const params = { host: account.host, port: account.port, response: (e.response ?? '').slice(0, 300) };
  const fail = (reason: ErrorReason, key: string) =>
    new HausmeisterError(reason, {
      messageKey: `smtp.error.${key}`,
      params,
      detail: `${e.code ?? 'unknown'} ${e.command ?? ''}: ${e.message ?? String(error)}`,
      cause: error,
    });
  switch (e.code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return fail('SMTP_AUTH_FAILED', 'authFailed');
    case 'ETLS':
      // The server answered STARTTLS with an error: it does not offer encryption on this port.
      if (e.command === 'STARTTLS' && e.responseCode) return fail('SMTP_NO_STARTTLS', 'noStarttls');
      return fail('SMTP_TLS_FAILED', CERTIFICATE.test(text) ? 'certificateInvalid' : 'tlsFailed');
    case 'ETIMEDOUT':
      return fail('SMTP_TIMEOUT', 'timeout');
    case 'EDNS':
      return fail('SMTP_UNREACHABLE', 'hostNotFound');
    case 'EENVELOPE':
      return e.command === 'MAIL FROM'
        ? fail('SMTP_SENDER_REJECTED', 'senderRejected')
        : fail('SMTP_RECIPIENT_REJECTED', 'recipientRejected');
    case 'EMESSAGE':
      return fail('SMTP_REJECTED', 'messageRejected');
    case 'EPROTOCOL':
      // A mail server that turns us away says so with an SMTP code; anything else is not SMTP at all
      // (a web server, an IMAP port).
      return fail('SMTP_REJECTED', /^[45]\d\d[ -]/.test(e.response ?? '') ? 'failed' : 'notSmtp');
  }
  if (CERTIFICATE.test(text)) return fail('SMTP_TLS_FAILED', 'certificateInvalid');
  if (/ECONNREFUSED/.test(text)) return fail('SMTP_UNREACHABLE', 'connectionRefused');
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return fail('SMTP_UNREACHABLE', 'hostNotFound');
  if (/ETIMEDOUT|timeout/i.test(text)) return fail('SMTP_TIMEOUT', 'timeout');
  if (/EHOSTUNREACH|ENETUNREACH|ECONNRESET|closed/i.test(text))
    return fail('SMTP_UNREACHABLE', 'connectionLost');
  if (/wrong version number|ssl|tls/i.test(text)) return fail('SMTP_TLS_FAILED', 'tlsFailed');
  return fail('SMTP_REJECTED', 'failed');
}
