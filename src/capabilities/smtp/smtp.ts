// The outgoing mail server: a draft is saved, tested with a real mail, and becomes the active account
// only when its server accepted that mail; the active account stays in force until a new draft passes.
// Every feature that sends mail goes through `send`.
import { HausmeisterError, isHausmeisterError, type FieldError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SmtpStore } from '../../store/smtp-store.js';
import { Secret, type SecretSealer } from '../../store/secret-box.js';
import type { MailTransport, OutgoingMail } from './mail-transport.js';
import {
  accountOf,
  EMPTY_STATE,
  PASSWORD_OF,
  sameLogin,
  smtpView,
  type SmtpAccountInput,
  type SmtpState,
  type SmtpView,
} from './smtp-account.js';
import { testMail, type MailLanguage } from './test-mail.js';

export interface SmtpDeps {
  store: SmtpStore;
  secrets: SecretSealer;
  transport: MailTransport;
  log: Logger;
  now?: () => Date;
  /** Called after every change of the stored state (the UI and notifications follow it). */
  onChange?: (view: SmtpView) => void;
}

export interface TestResult {
  ok: true;
  /** The draft passed and is the active account now (false: the active account was tested again). */
  activated: boolean;
  response: string;
  account: SmtpView;
}

export class Smtp {
  readonly #deps: SmtpDeps;
  #testing = false;

  constructor(deps: SmtpDeps) {
    this.#deps = deps;
  }

  view(): SmtpView {
    return smtpView(this.#state(), {
      active: this.#deps.store.secret(PASSWORD_OF.active) !== null,
      draft: this.#deps.store.secret(PASSWORD_OF.draft) !== null,
    });
  }

  /** Mail can go out: an account passed its test. */
  isActive(): boolean {
    return this.#state().active !== null;
  }

  /** Stores the input as the draft; nothing changes for the active account until the draft passes a test. */
  saveDraft(input: SmtpAccountInput): SmtpView {
    // A test on its way would activate what it tested and drop this draft with it.
    if (this.#testing) throw new HausmeisterError('CONFLICT', { messageKey: 'smtp.error.testRunning' });
    const state = this.#state();
    const account = accountOf(input);
    const errors: FieldError[] = [];
    if (account.port === 465 && account.security === 'starttls')
      errors.push({ field: 'security', messageKey: 'smtp.error.port465IsTls' });
    // An empty password keeps the one of the draft or the active account, if the login is the same.
    let sealed: string | null = null;
    if (input.password) sealed = this.#deps.secrets.seal(new Secret(input.password), PASSWORD_OF.draft);
    else {
      const source = [
        state.draft && { account: state.draft, name: PASSWORD_OF.draft },
        state.active && { account: state.active, name: PASSWORD_OF.active },
      ].find((s) => s && sameLogin(s.account, account) && this.#deps.store.secret(s.name) !== null);
      if (source) sealed = this.#reseal(source.name, PASSWORD_OF.draft);
      else errors.push({ field: 'password', messageKey: 'smtp.error.passwordRequired' });
    }
    if (errors.length > 0)
      throw new HausmeisterError('BAD_INPUT', { messageKey: 'error.badInput', fields: errors });
    const next: SmtpState = {
      ...state,
      draft: { ...account, savedAt: this.#now().toISOString() },
    };
    this.#deps.store.save(next, { [PASSWORD_OF.draft]: sealed });
    return this.#changed();
  }

  /** Forgets the draft; the active account is untouched. */
  discardDraft(): SmtpView {
    this.#deps.store.save({ ...this.#state(), draft: null }, { [PASSWORD_OF.draft]: null });
    return this.#changed();
  }

  /**
   * Sends a test mail through the draft (or, without a draft, the active account). Only an accepted
   * mail activates the draft; a failure is recorded and thrown with its reason, and changes nothing else.
   */
  async test(recipient: string, language: MailLanguage): Promise<TestResult> {
    if (this.#testing) throw new HausmeisterError('CONFLICT', { messageKey: 'smtp.error.testRunning' });
    const state = this.#state();
    const tested = state.draft
      ? { account: state.draft, password: PASSWORD_OF.draft }
      : state.active
        ? { account: state.active, password: PASSWORD_OF.active }
        : null;
    if (!tested) throw new HausmeisterError('BAD_INPUT', { messageKey: 'smtp.error.nothingToTest' });
    this.#testing = true;
    try {
      const password = this.#password(tested.password);
      const account = accountOf(tested.account);
      const at = this.#now().toISOString();
      let response: string;
      try {
        ({ response } = await this.#deps.transport.send(
          account,
          password,
          testMail(recipient, account, language),
        ));
      } catch (error) {
        const failure = isHausmeisterError(error)
          ? error
          : new HausmeisterError('SMTP_REJECTED', { messageKey: 'smtp.error.failed', cause: error });
        this.#deps.log.warn({ reason: failure.reason, detail: failure.detail }, 'SMTP test failed');
        this.#deps.store.save(
          {
            ...this.#state(),
            lastTest: {
              at,
              recipient,
              ok: false,
              error: { reason: failure.reason, messageKey: failure.messageKey, params: failure.params },
            },
          },
          {},
        );
        this.#changed();
        throw failure;
      }
      const activated = tested.password === PASSWORD_OF.draft;
      const current = this.#state();
      const next: SmtpState = {
        active: activated ? { ...account, activatedAt: at } : current.active,
        draft: activated ? null : current.draft,
        lastTest: { at, recipient, ok: true },
      };
      this.#deps.store.save(
        next,
        activated
          ? {
              [PASSWORD_OF.active]: this.#deps.secrets.seal(new Secret(password), PASSWORD_OF.active),
              [PASSWORD_OF.draft]: null,
            }
          : {},
      );
      this.#deps.log.info({ activated, host: tested.account.host }, 'SMTP test mail accepted');
      return { ok: true, activated, response, account: this.#changed() };
    } finally {
      this.#testing = false;
    }
  }

  /** Sends through the active account; without one, says that the outgoing server is not set up. */
  async send(mail: OutgoingMail): Promise<void> {
    const active = this.#state().active;
    if (!active) throw new HausmeisterError('SMTP_NOT_ACTIVE', { messageKey: 'smtp.error.notActive' });
    await this.#deps.transport.send(accountOf(active), this.#password(PASSWORD_OF.active), mail);
  }

  #state(): SmtpState {
    return this.#deps.store.state<SmtpState>() ?? EMPTY_STATE;
  }

  #password(name: string): string {
    const sealed = this.#deps.store.secret(name);
    if (sealed === null)
      throw new HausmeisterError('BAD_INPUT', {
        messageKey: 'smtp.error.passwordRequired',
        fields: [{ field: 'password', messageKey: 'smtp.error.passwordRequired' }],
      });
    return this.#deps.secrets.open(sealed, name).reveal();
  }

  #reseal(from: string, to: string): string {
    return this.#deps.secrets.seal(new Secret(this.#password(from)), to);
  }

  #now(): Date {
    return (this.#deps.now ?? (() => new Date()))();
  }

  #changed(): SmtpView {
    const view = this.view();
    this.#deps.onChange?.(view);
    return view;
  }
}
