// Words for the API's message keys in the terminal: the web UI's English texts, one source for both.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let texts: Record<string, string> | undefined;

function loadTexts(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(path.join(projectRoot, 'web/src/i18n/en.json'), 'utf8')) as Record<
      string,
      string
    >;
  } catch {
    return {};
  }
}

export function describe(messageKey: string, params: Record<string, string | number>): string {
  texts ??= loadTexts();
  const template = texts[messageKey] ?? messageKey;
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => String(params[name] ?? ''));
}
