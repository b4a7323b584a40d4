// Checks one setting as the user types, with the same rules and message keys as the daemon
// (src/capabilities/services/settings.ts), so the form refuses what the server would refuse.
import type { Params, SettingField, SettingValue } from '../api/types.js';

export interface FieldProblem {
  messageKey: string;
  params?: Params;
}

export type FieldCheck = { value: SettingValue } | { problem: FieldProblem };

/** What the form holds for a field: text for text and number inputs, a boolean for checkboxes. */
export type RawValue = string | boolean;

// Rendered into config files line by line: the daemon refuses control characters, so do we.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function numberBounds(field: SettingField): { min: number; max: number } {
  const isPort = field.type === 'port';
  return {
    min: Math.max(field.min ?? Number.MIN_SAFE_INTEGER, isPort ? 1 : Number.MIN_SAFE_INTEGER),
    max: Math.min(field.max ?? Number.MAX_SAFE_INTEGER, isPort ? 65535 : Number.MAX_SAFE_INTEGER),
  };
}

export function checkSetting(field: SettingField, raw: RawValue, hint: string): FieldCheck {
  switch (field.type) {
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { problem: { messageKey: 'settings.error.type' } };
    case 'integer':
    case 'port': {
      const text = String(raw).trim();
      if (text === '') return { problem: { messageKey: 'settings.error.required' } };
      if (!/^-?\d+$/.test(text)) return { problem: { messageKey: 'settings.error.type' } };
      const value = Number(text);
      const { min, max } = numberBounds(field);
      if (value < min) return { problem: { messageKey: 'settings.error.min', params: { min } } };
      if (value > max) return { problem: { messageKey: 'settings.error.max', params: { max } } };
      return { value };
    }
    case 'enum': {
      const value = String(raw);
      return (field.options ?? []).some((o) => o.value === value)
        ? { value }
        : { problem: { messageKey: 'settings.error.enum' } };
    }
    case 'string': {
      const value = String(raw);
      if (field.required && value.trim() === '')
        return { problem: { messageKey: 'settings.error.required' } };
      if (CONTROL_CHARACTERS.test(value))
        return { problem: { messageKey: 'settings.error.pattern', params: { hint } } };
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return { problem: { messageKey: 'settings.error.maxLength', params: { max: field.maxLength } } };
      if (field.pattern && value !== '' && !safeRegExp(field.pattern).test(value))
        return { problem: { messageKey: 'settings.error.pattern', params: { hint } } };
      return { value };
    }
  }
  return { problem: { messageKey: 'settings.error.type' } };
}

function safeRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    // A pattern this browser cannot compile: leave the check to the server.
    return /[\s\S]*/u;
  }
}

/** The form's starting text for a field from the daemon's current value. */
export function rawFromValue(field: SettingField, value: SettingValue | undefined): RawValue {
  const current = value ?? field.default;
  if (field.type === 'boolean') return current === true;
  return String(current);
}
