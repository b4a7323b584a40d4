// Validates a service's settings against its declared fields, field by field, with message keys.
import type { FieldError } from '../../errors.js';
import type { SettingField } from './manifest.js';

export type SettingValues = Record<string, string | number | boolean>;

export interface SettingsValidation {
  /** The declared defaults overlaid with the given values (only meaningful when errors is empty). */
  values: SettingValues;
  errors: FieldError[];
}

// Rendered into config files line by line: a newline in a value could smuggle in a directive.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function defaultSettings(fields: readonly SettingField[]): SettingValues {
  return Object.fromEntries(fields.map((f) => [f.key, f.default]));
}

export function validateSettings(
  fields: readonly SettingField[],
  input: Record<string, unknown>,
  base: SettingValues = defaultSettings(fields),
): SettingsValidation {
  const errors: FieldError[] = [];
  const values: SettingValues = { ...base };
  const byKey = new Map(fields.map((f) => [f.key, f]));

  for (const key of Object.keys(input)) {
    if (!byKey.has(key)) errors.push({ field: key, messageKey: 'settings.error.unknown' });
  }
  for (const field of fields) {
    if (!(field.key in input)) continue;
    const result = checkField(field, input[field.key]);
    if ('error' in result) errors.push({ field: field.key, ...result.error });
    else values[field.key] = result.value;
  }
  return { values, errors };
}

type FieldCheck =
  | { value: string | number | boolean }
  | { error: { messageKey: string; params?: Record<string, string | number> } };

function checkField(field: SettingField, value: unknown): FieldCheck {
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { error: { messageKey: 'settings.error.type' } };
    case 'integer':
    case 'port': {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return { error: { messageKey: 'settings.error.type' } };
      const min = Math.max(
        field.min ?? Number.MIN_SAFE_INTEGER,
        field.type === 'port' ? 1 : Number.MIN_SAFE_INTEGER,
      );
      const max = Math.min(
        field.max ?? Number.MAX_SAFE_INTEGER,
        field.type === 'port' ? 65535 : Number.MAX_SAFE_INTEGER,
      );
      if (value < min) return { error: { messageKey: 'settings.error.min', params: { min } } };
      if (value > max) return { error: { messageKey: 'settings.error.max', params: { max } } };
      return { value };
    }
    case 'enum':
      if (typeof value !== 'string') return { error: { messageKey: 'settings.error.type' } };
      return field.options.some((o) => o.value === value)
        ? { value }
        : { error: { messageKey: 'settings.error.enum' } };
    case 'string': {
      if (typeof value !== 'string') return { error: { messageKey: 'settings.error.type' } };
      if (field.required && value.trim() === '') return { error: { messageKey: 'settings.error.required' } };
      if (CONTROL_CHARACTERS.test(value))
        return { error: { messageKey: 'settings.error.pattern', params: { hint: '' } } };
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return { error: { messageKey: 'settings.error.maxLength', params: { max: field.maxLength } } };
      if (field.pattern && value !== '' && !new RegExp(field.pattern, 'u').test(value))
        return {
          error: {
            messageKey: 'settings.error.pattern',
            params: { hint: field.patternHint?.en ?? field.pattern },
          },
        };
      return { value };
    }
  }
}
