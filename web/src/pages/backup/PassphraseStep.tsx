// Wizard step 2, the passphrase (the source's "PGP-Schlüssel"): a strong suggestion made in this
// browser or the owner's own, written down before saving; or the one that is set, and how to change it.
import { useRef, useState } from 'react';
import type { SettingsView } from '../../api/backup-types.js';
import { Banner } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';
import { BackupIcon } from './BackupIcon.js';
import { suggestPassphrase } from './passphrase-suggestion.js';
import { MIN_PASSPHRASE, needsNewPassphrase, type Draft, type PassphraseDraft } from './wizard-draft.js';
import { CheckField, Segments, TextField, type Bind } from '../../components/FormFields.js';

export function PassphraseStep({
  draft,
  settings,
  bind,
  onChange,
}: {
  draft: Draft;
  settings: SettingsView;
  bind: Bind;
  onChange(passphrase: PassphraseDraft): void;
}) {
  const { t, formatDateTime } = useI18n();
  const p = draft.passphrase;
  const set = (patch: Partial<PassphraseDraft>) => onChange({ ...p, ...patch });
  const isSet = settings.passphrase.set;

  if (!needsNewPassphrase(draft, isSet)) {
    return (
      <div className="wizard-step-body">
        <Banner kind="success" title={t('backupUi.passphrase.isSet')}>
          <p>
            {settings.passphrase.setAt
              ? t('backupUi.passphrase.setOn', { date: formatDateTime(settings.passphrase.setAt) })
              : t('backupUi.passphrase.setUnknown')}
          </p>
          <p>{t('backupUi.passphrase.notShown')}</p>
        </Banner>
        <p>{t('backupUi.passphrase.keepSafe')}</p>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => set({ change: true, writtenDown: false })}
        >
          {t('backupUi.passphrase.change')}
        </button>
      </div>
    );
  }

  const ownLength = p.own.length;
  return (
    <div className="wizard-step-body">
      <Banner kind="warning" title={t('backupUi.passphrase.warning')}>
        <p>{t('backupUi.passphrase.warningText')}</p>
      </Banner>
      {isSet && (
        <Banner
          kind="notice"
          title={t('backupUi.passphrase.changing')}
          action={
            <button
              type="button"
              className="button button-ghost"
              onClick={() => set({ change: false, writtenDown: false })}
            >
              {t('backupUi.passphrase.keep')}
            </button>
          }
        >
          <p>{t('backupUi.passphrase.changingText')}</p>
        </Banner>
      )}
      <Segments
        name={`${bind('passphrase').id}-choice`}
        legend={t('backupUi.passphrase.choice')}
        value={p.choice}
        options={[
          { value: 'suggested', label: t('backupUi.passphrase.suggested') },
          { value: 'own', label: t('backupUi.passphrase.own') },
        ]}
        onChange={(choice) => set({ choice, writtenDown: false })}
      />
      {p.choice === 'suggested' ? (
        <Suggestion
          value={p.suggestion}
          problem={bind('passphrase').problem !== undefined}
          onRenew={() => set({ suggestion: suggestPassphrase(), writtenDown: false })}
        />
      ) : (
        <TextField
          binding={bind('passphrase')}
          label={t('backupUi.passphrase.ownLabel')}
          help={t('backupUi.passphrase.ownHelp', { min: MIN_PASSPHRASE, count: ownLength })}
          required
          className="input-passphrase"
          value={p.own}
          onChange={(own) => set({ own, writtenDown: false })}
        />
      )}
      <p className="muted">{t('backupUi.passphrase.shownOnce')}</p>
      <CheckField
        binding={bind('passphrase.writtenDown')}
        label={t('backupUi.passphrase.writtenDown')}
        checked={p.writtenDown}
        onChange={(writtenDown) => set({ writtenDown })}
      />
    </div>
  );
}

/** The suggestion in large type, to copy or write down; the clipboard needs https, so copying falls
 * back to selecting the text (the cockpit is often opened over plain http in the home network). */
function Suggestion({ value, problem, onRenew }: { value: string; problem: boolean; onRenew(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'copied' | 'manual' | null>(null);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      const input = ref.current;
      input?.focus();
      input?.select();
      // The old way still works in insecure contexts.
      const done = document.execCommand('copy');
      setCopied(done ? 'copied' : 'manual');
    }
  };

  return (
    <div className={`passphrase-suggestion${problem ? ' has-error' : ''}`}>
      <label htmlFor="backup-passphrase-suggestion" className="passphrase-label">
        {t('backupUi.passphrase.suggestion')}
      </label>
      <input
        ref={ref}
        id="backup-passphrase-suggestion"
        className="passphrase-value"
        readOnly
        value={value}
        spellCheck={false}
        onFocus={(event) => event.target.select()}
      />
      <div className="passphrase-actions">
        <button type="button" className="button button-primary" onClick={() => void copy()}>
          <BackupIcon name="copy" />
          {t('backupUi.passphrase.copy')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setCopied(null);
            onRenew();
          }}
        >
          {t('backupUi.passphrase.renew')}
        </button>
        <span className="passphrase-copied" role="status">
          {copied === 'copied'
            ? t('backupUi.passphrase.copied')
            : copied === 'manual'
              ? t('backupUi.passphrase.copyManually')
              : ''}
        </span>
      </div>
    </div>
  );
}
