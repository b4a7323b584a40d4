// Words for the API's message keys in the terminal: the web UI's English texts.
import { translate } from '../i18n/texts.js';

export function describe(messageKey: string, params: Record<string, string | number>): string {
  return translate('en', messageKey, params);
}
