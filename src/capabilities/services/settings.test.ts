import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SettingField } from './manifest.js';
import { defaultSettings, validateSettings } from './settings.js';

const text = { de: 'x', en: 'x' };
const fields: SettingField[] = [
  { key: 'port', type: 'port', default: 5232, min: 1024, max: 65535, label: text, help: text },
  { key: 'size', type: 'integer', default: 10, min: 1, max: 100, label: text, help: text },
  {
    key: 'name',
    type: 'string',
    default: 'Home',
    required: true,
    maxLength: 8,
    pattern: '^[A-Za-z ]+$',
    label: text,
    help: text,
  },
  { key: 'debug', type: 'boolean', default: false, label: text, help: text },
  {
    key: 'level',
    type: 'enum',
    default: 'info',
    options: [
      { value: 'info', label: text },
      { value: 'debug', label: text },
    ],
    label: text,
    help: text,
  },
];

describe('validateSettings', () => {
  it('accepts valid values and overlays them on the defaults', () => {
    const { values, errors } = validateSettings(fields, { port: 8000, debug: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(values, { ...defaultSettings(fields), port: 8000, debug: true });
  });

  it('reports every bad field with its own message key', () => {
    const { errors } = validateSettings(fields, {
      port: 70000,
      size: 0,
      name: '',
      debug: 'yes',
      level: 'loud',
      extra: 1,
    });
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    assert.equal(byField.port?.messageKey, 'settings.error.max');
    assert.deepEqual(byField.port?.params, { max: 65535 });
    assert.equal(byField.size?.messageKey, 'settings.error.min');
    assert.equal(byField.name?.messageKey, 'settings.error.required');
    assert.equal(byField.debug?.messageKey, 'settings.error.type');
    assert.equal(byField.level?.messageKey, 'settings.error.enum');
    assert.equal(byField.extra?.messageKey, 'settings.error.unknown');
  });

  it('keeps the port range even when a field declares a wider one', () => {
    const wide: SettingField[] = [
      { key: 'p', type: 'port', default: 1, min: -5, max: 99999, label: text, help: text },
    ];
    assert.equal(validateSettings(wide, { p: 0 }).errors[0]?.messageKey, 'settings.error.min');
    assert.equal(validateSettings(wide, { p: 65536 }).errors[0]?.messageKey, 'settings.error.max');
  });

  it('refuses non-integers for integer fields', () => {
    assert.equal(validateSettings(fields, { size: 1.5 }).errors[0]?.messageKey, 'settings.error.type');
  });

  it('refuses line breaks that could smuggle directives into a config file', () => {
    const { errors } = validateSettings(fields, { name: 'a\n[x]' });
    assert.equal(errors[0]?.messageKey, 'settings.error.pattern');
  });

  it('checks pattern and length', () => {
    assert.equal(
      validateSettings(fields, { name: 'Home42' }).errors[0]?.messageKey,
      'settings.error.pattern',
    );
    assert.equal(
      validateSettings(fields, { name: 'Much too long' }).errors[0]?.messageKey,
      'settings.error.maxLength',
    );
  });
});
