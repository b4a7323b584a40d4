// Alerts: critical problems (a monitored service failed, a filesystem above its critical level, a disk
// failing) are mailed at once, at most once per problem and period, and a "resolved" mail follows when
// they clear.
// The decision is a pure function of what is wrong now and what was mailed before.
import { translate, type Language } from '../../i18n/texts.js';
import type { OutgoingMail } from '../smtp/index.js';
import { escapeHtml, htmlMail } from './mail-html.js';
import type { ServiceStatus } from './report-mail.js';
import type { Finding } from './system-checks.js';

export interface Problem {
  /** What the problem is about, stable while it lasts: `disk:/srv`, `smart:/dev/sda`, `service:radicale`. */
  key: string;
  messageKey: string;
  adviceKey?: string;
  params: Record<string, string | number>;
}

export interface MailedAlert {
  key: string;
  problem: Problem;
  lastMailAt: string;
}

export type AlertMail = { kind: 'alert' | 'reminder' | 'resolved'; problem: Problem };

/** The critical problems among the findings and the monitored services. */
export function criticalProblems(
  findings: Finding[],
  services: ServiceStatus[],
  language: Language,
): Problem[] {
  return [
    ...findings
      .filter((f) => f.level === 'problem')
      .map((f) => ({
        key: `${f.check}:${String(f.params.mount ?? f.params.disk ?? '')}`,
        messageKey: f.messageKey,
        adviceKey: f.adviceKey,
        params: f.params,
      })),
    ...services
      .filter((s) => !s.ok)
      .map((s) => ({
        key: `service:${s.id}`,
        messageKey: 'alert.service.failed',
        adviceKey: 'alert.service.advice',
        params: { service: s.name[language] },
      })),
  ];
}

/** Which mails to send: new problems, problems still there after the period, problems that cleared. */
export function alertsToSend(
  problems: Problem[],
  mailed: MailedAlert[],
  now: Date,
  repeatMs: number,
): AlertMail[] {
  const before = new Map(mailed.map((m) => [m.key, m]));
  const current = new Set(problems.map((p) => p.key));
  return [
    ...problems.flatMap((problem): AlertMail[] => {
      const last = before.get(problem.key);
      if (!last) return [{ kind: 'alert', problem }];
      return now.getTime() - Date.parse(last.lastMailAt) >= repeatMs ? [{ kind: 'reminder', problem }] : [];
    }),
    ...mailed
      .filter((m) => !current.has(m.key))
      .map((m): AlertMail => ({ kind: 'resolved', problem: m.problem })),
  ];
}

export function alertMail(options: {
  language: Language;
  box: string;
  recipients: string[];
  alert: AlertMail;
}): OutgoingMail {
  const { language, box, alert } = options;
  const t = (key: string, params: Record<string, string | number> = {}) => translate(language, key, params);
  const what = t(alert.problem.messageKey, alert.problem.params);
  const subject = t(`alert.subject.${alert.kind}`, { box, what });
  const advice =
    alert.kind !== 'resolved' && alert.problem.adviceKey
      ? t(alert.problem.adviceKey, alert.problem.params)
      : '';
  const body = alert.kind === 'resolved' ? t('alert.resolvedText', { what }) : what;
  const footer = t('alert.footer');
  return {
    to: options.recipients,
    subject,
    text: `${[body, advice && `→ ${advice}`].filter(Boolean).join('\n')}\n\n${footer}\n`,
    html: htmlMail(
      subject,
      `<p>${escapeHtml(body)}</p>` + (advice ? `<p style="color:#4a5553">${escapeHtml(advice)}</p>` : ''),
      footer,
    ),
  };
}
