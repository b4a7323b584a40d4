// Translations: the language (from the browser, switchable, remembered), t(key, params) and pick({de, en}).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Language, Localized, Params } from '../api/types.js';
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

const MESSAGES: Record<Language, Record<string, string>> = { de, en };
const STORAGE_KEY = 'hausmeister.language';

export type Translate = (key: string, params?: Params) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  /** The text of a {de, en} pair from the daemon (service names, setting labels…). */
  pick(text: Localized | undefined): string;
  /** Whether a message key has a translation (unknown server keys get a generic text). */
  has(key: string): boolean;
  formatDateTime(iso: string | null | undefined): string;
}

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'de' || stored === 'en') return stored;
  } catch {
    /* storage blocked: fall back to the browser's language */
  }
  return navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    return value === undefined ? match : String(value);
  });
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* not remembered, still switched */
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[language];
    const has = (key: string) => key in messages;
    const t: Translate = (key, params) => {
      const template = messages[key];
      if (template !== undefined) return fill(template, params);
      // A key the UI does not know (a newer daemon): say so plainly, with the key for a bug report.
      return fill(messages['error.unknown'] ?? key, { key });
    };
    const dateFormat = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    return {
      language,
      setLanguage,
      t,
      has,
      pick: (text) => (text ? (text[language] ?? text.en) : ''),
      formatDateTime: (iso) => {
        if (!iso) return t('common.never');
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
      },
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() outside <I18nProvider>');
  return i18n;
}

export function useT(): Translate {
  return useI18n().t;
}
