// The report as a mail: the overall state in the subject ("All good", "2 warnings", "1 problem"), each
// finding with what to do, problems first; a plain-text part and an HTML part that reads on a phone.
import { translate, type Language } from '../../i18n/texts.js';
import type { OutgoingMail } from '../smtp/index.js';
import { escapeHtml as escape, htmlMail } from './mail-html.js';
import type { Finding, Level } from './system-checks.js';

export interface ServiceStatus {
  id: string;
  name: Record<Language, string>;
  /** As the services page says it: `stopped`, `running`, `failed`… */
  state: string;
  ok: boolean;
}

const ORDER: Record<Level, number> = { problem: 0, warning: 1, ok: 2 };
const MARK: Record<Level, string> = { problem: '✖', warning: '!', ok: '✓' };
const COLOUR: Record<Level, string> = { problem: '#b3261e', warning: '#8a5a00', ok: '#1e6b3a' };

export function reportSubject(
  language: Language,
  findings: Finding[],
  services: ServiceStatus[],
  box: string,
): string {
  const problems =
    findings.filter((f) => f.level === 'problem').length + services.filter((s) => !s.ok).length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  const t = (key: string, params = {}) => translate(language, key, params);
  const state =
    problems > 0
      ? t(problems === 1 ? 'report.subject.problem' : 'report.subject.problems', { count: problems })
      : warnings > 0
        ? t(warnings === 1 ? 'report.subject.warning' : 'report.subject.warnings', { count: warnings })
        : t('report.subject.allGood');
  return t('report.subject', { box, state });
}

export function reportMail(options: {
  language: Language;
  box: string;
  recipients: string[];
  findings: Finding[];
  services: ServiceStatus[];
  at: Date;
}): OutgoingMail {
  const { language, box } = options;
  const numbers = new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 2 });
  const dates = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  // Numbers and times in the owner's way of writing them (65,6 GiB in German).
  const local = (value: string | number) =>
    typeof value === 'number'
      ? numbers.format(value)
      : /^\d{4}-\d\d-\d\dT/.test(value)
        ? dates.format(new Date(value))
        : value;
  const t = (key: string, params: Record<string, string | number> = {}) =>
    translate(language, key, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, local(v)])));
  const serviceLine = (s: ServiceStatus) => `${s.name[language]}: ${t(`services.state.${s.state}`)}`;
  const findings = [...options.findings].sort((a, b) => ORDER[a.level] - ORDER[b.level]);
  const when = dates.format(options.at);
  const subject = reportSubject(language, options.findings, options.services, box);
  const lines = [subject, '', t('report.intro', { box, when }), '', t('report.checks')];
  for (const finding of findings) {
    lines.push(`${MARK[finding.level]} ${t(finding.messageKey, finding.params)}`);
    if (finding.adviceKey && finding.level !== 'ok')
      lines.push(`  → ${t(finding.adviceKey, finding.params)}`);
  }
  if (options.services.length > 0) {
    lines.push('', t('report.services'));
    for (const service of options.services)
      lines.push(`${service.ok ? MARK.ok : MARK.problem} ${serviceLine(service)}`);
  }
  lines.push('', t('report.footer'));

  const item = (level: Level, text: string, advice?: string) =>
    `<li style="margin:0 0 10px;padding-left:4px"><span style="color:${COLOUR[level]};font-weight:bold">${MARK[level]}</span> ${escape(text)}${
      advice ? `<br><span style="color:#4a5553">${escape(advice)}</span>` : ''
    }</li>`;
  const list = (heading: string, items: string[]) =>
    `<h2 style="font-size:18px">${escape(heading)}</h2><ul style="list-style:none;padding:0">${items.join('')}</ul>`;
  const html = htmlMail(
    subject,
    `<p>${escape(t('report.intro', { box, when }))}</p>` +
      list(
        t('report.checks'),
        findings.map((f) =>
          item(
            f.level,
            t(f.messageKey, f.params),
            f.adviceKey && f.level !== 'ok' ? t(f.adviceKey, f.params) : undefined,
          ),
        ),
      ) +
      (options.services.length > 0
        ? list(
            t('report.services'),
            options.services.map((s) => item(s.ok ? 'ok' : 'problem', serviceLine(s))),
          )
        : ''),
    t('report.footer'),
  );
  return {
    to: options.recipients,
    subject,
    text: `${lines.join('\n')}\n`,
    html,
  };
}
