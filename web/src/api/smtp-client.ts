// The UI's calls of the SMTP account API (/api/v1/smtp), with the very schemas the daemon validates with.
import type { Static } from 'typebox';
import type { SmtpInputSchema, SmtpViewSchema } from '../../../src/api/smtp.js';
import { requestJson as request } from './client.js';

export type SmtpInput = Static<typeof SmtpInputSchema>;
export type SmtpView = Static<typeof SmtpViewSchema>;
export interface SmtpTestResult {
  ok: true;
  activated: boolean;
  response: string;
  account: SmtpView;
}

export const smtpApi = {
  view: () => request<SmtpView>('GET', '/api/v1/smtp'),
  saveDraft: (input: SmtpInput) => request<SmtpView>('PUT', '/api/v1/smtp/draft', input),
  test: (recipient: string, language: 'de' | 'en') =>
    request<SmtpTestResult>('POST', '/api/v1/smtp/test', { recipient, language }),
};
