// The SMTP form's values and its checks as the owner types: the same rules the daemon's schema has,
// and the password required only when none is stored for this server and login.
import type { SmtpInput, SmtpView } from '../../api/smtp-client.js';
import type { FieldProblem } from '../../components/settings-validation.js';

export interface SmtpFormValues {
  host: string;
  port: string;
  security: 'starttls' | 'tls';
  username: string;
  password: string;
  from: string;
  recipient: string;
}

export type SmtpField = keyof SmtpFormValues;

const HOST = /^[A-Za-z0-9.:[\]-]+$/;
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
export const DEFAULT_PORT = { starttls: 587, tls: 465 } as const;

export function initialValues(view: SmtpView | null): SmtpFormValues {
  const stored = view?.draft ?? view?.active ?? null;
  return {
    host: stored?.host ?? '',
    port: String(stored?.port ?? DEFAULT_PORT.starttls),
    security: stored?.security ?? 'starttls',
    username: stored?.username ?? '',
    password: '',
    from: stored?.from ?? '',
    recipient: view?.lastTest?.recipient ?? '',
  };
}

/** A password is stored for exactly this server and login, so the field may stay empty. */
export function hasStoredPassword(view: SmtpView | null, values: SmtpFormValues): boolean {
  return [view?.draft, view?.active].some(
    (a) =>
      a?.hasPassword &&
      a.host === values.host.trim().toLowerCase() &&
      String(a.port) === values.port.trim() &&
      a.username === values.username,
  );
}

export function checkSmtpForm(
  values: SmtpFormValues,
  passwordStored: boolean,
): Partial<Record<SmtpField, FieldProblem>> {
  const problems: Partial<Record<SmtpField, FieldProblem>> = {};
  const required = { messageKey: 'settings.error.required' };
  if (!values.host.trim()) problems.host = required;
  else if (!HOST.test(values.host.trim())) problems.host = { messageKey: 'smtpUi.error.host' };
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port.trim()) || port < 1 || port > 65535)
    problems.port = { messageKey: 'smtpUi.error.port' };
  else if (port === 465 && values.security === 'starttls')
    problems.security = { messageKey: 'smtp.error.port465IsTls' };
  if (!values.username) problems.username = required;
  if (!values.password && !passwordStored) problems.password = { messageKey: 'smtp.error.passwordRequired' };
  if (!values.from.trim()) problems.from = required;
  else if (!ADDRESS.test(values.from.trim())) problems.from = { messageKey: 'smtpUi.error.address' };
  if (!values.recipient.trim()) problems.recipient = required;
  else if (!ADDRESS.test(values.recipient.trim()))
    problems.recipient = { messageKey: 'smtpUi.error.address' };
  return problems;
}

export function toInput(values: SmtpFormValues): SmtpInput {
  return {
    host: values.host.trim(),
    port: Number(values.port),
    security: values.security,
    username: values.username,
    from: values.from.trim(),
    ...(values.password ? { password: values.password } : {}),
  };
}
