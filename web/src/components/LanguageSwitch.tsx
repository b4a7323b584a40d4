// Switches the cockpit between German and English; the choice is remembered in this browser.
import type { Language } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';

const LANGUAGES: Language[] = ['de', 'en'];

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className="language-option"
          aria-pressed={language === option}
          onClick={() => setLanguage(option)}
          title={t(`language.${option}`)}
        >
          <span aria-hidden="true">{option.toUpperCase()}</span>
          <span className="visually-hidden">{t(`language.${option}`)}</span>
        </button>
      ))}
    </div>
  );
}
