// Words for message keys outside the browser (the CLI, mails the server sends): the web UI's
// translation files, one source for every place that speaks to the owner.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Language = 'de' | 'en';

// Two levels up from src/i18n/ (sources) and from dist/daemon/ (the bundle) alike.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const loaded = new Map<Language, Record<string, string>>();

function texts(language: Language): Record<string, string> {
  let found = loaded.get(language);
  if (!found) {
    try {
      found = JSON.parse(readFileSync(path.join(root, `web/src/i18n/${language}.json`), 'utf8')) as Record<
        string,
        string
      >;
    } catch {
      found = {};
    }
    loaded.set(language, found);
  }
  return found;
}

/** The text of a key with its placeholders filled; the key itself when no text exists. */
export function translate(
  language: Language,
  key: string,
  params: Record<string, string | number> = {},
): string {
  const template = texts(language)[key] ?? texts('en')[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => String(params[name] ?? ''));
}
