// The outgoing mail account: what the owner enters, what is stored (the password apart, sealed), and
// the view the API shows (never the password).

/** STARTTLS on the submission port (the source's rule); implicit TLS (port 465) as an option. */
export type SmtpSecurity = 'starttls' | 'tls';

export interface SmtpAccount {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string;
  /** The sender address of every mail Hausmeister sends. */
  from: string;
}

export interface SmtpAccountInput extends SmtpAccount {
  /** Left out: the password stored with the draft (or the active account) is kept. */
  password?: string;
}

export interface TestOutcome {
  at: string;
  recipient: string;
  ok: boolean;
  /** Why the test failed, in words for the UI. */
  error?: { reason: string; messageKey: string; params: Record<string, string | number> };
}

/** What is stored: the active account (only ever one that passed a test), a draft, the last test. */
export interface SmtpState {
  active: (SmtpAccount & { activatedAt: string }) | null;
  draft: (SmtpAccount & { savedAt: string }) | null;
  lastTest: TestOutcome | null;
}

export const EMPTY_STATE: SmtpState = { active: null, draft: null, lastTest: null };

export const PASSWORD_OF = { active: 'smtp.active.password', draft: 'smtp.draft.password' } as const;

/** The account as it is stored and used: trimmed, the host in lower case, no password or timestamps. */
export function accountOf(input: SmtpAccountInput): SmtpAccount {
  return {
    host: input.host.trim().toLowerCase(),
    port: input.port,
    security: input.security,
    username: input.username,
    from: input.from.trim(),
  };
}

/** The same server and login: a password left empty may be taken over from it. */
export function sameLogin(a: SmtpAccount, b: SmtpAccount): boolean {
  return a.host === b.host && a.port === b.port && a.username === b.username;
}

export function smtpView(state: SmtpState, passwords: { active: boolean; draft: boolean }) {
  return {
    active: state.active ? { ...state.active, hasPassword: passwords.active } : null,
    draft: state.draft ? { ...state.draft, hasPassword: passwords.draft } : null,
    lastTest: state.lastTest,
  };
}

export type SmtpView = ReturnType<typeof smtpView>;
