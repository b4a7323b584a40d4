// A form generated from a service's declared settings: one input per field, checked as you type with
// the daemon's rules, and showing the daemon's own field errors after a save.
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { FieldError, SettingField, SettingValue } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import {
  checkSetting,
  numberBounds,
  rawFromValue,
  type FieldProblem,
  type RawValue,
} from './settings-validation.js';

export interface SettingsFormProps {
  fields: SettingField[];
  values: Record<string, SettingValue>;
  /** Field errors of the daemon's last answer (cleared for a field as soon as it is edited). */
  serverErrors: FieldError[];
  saving: boolean;
  onSave(values: Record<string, SettingValue>): void;
  onCancel(): void;
  /** Shown below the fields, above the buttons (exposure, notifications, ports, packages). */
  children?: ReactNode;
}

export function SettingsForm({
  fields,
  values,
  serverErrors,
  saving,
  onSave,
  onCancel,
  children,
}: SettingsFormProps) {
  const { t, pick } = useI18n();
  const formId = useId();
  const [raw, setRaw] = useState<Record<string, RawValue>>(() =>
    Object.fromEntries(fields.map((f) => [f.key, rawFromValue(f, values[f.key])])),
  );
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [edited, setEdited] = useState<Set<string>>(() => new Set());
  const [triedToSave, setTriedToSave] = useState(false);

  const checks = useMemo(
    () =>
      Object.fromEntries(
        fields.map((f) => [
          f.key,
          checkSetting(f, raw[f.key] ?? rawFromValue(f, undefined), pick(f.patternHint) || f.pattern || ''),
        ]),
      ),
    [fields, raw, pick],
  );
  const serverProblem = (key: string): FieldProblem | undefined => {
    if (edited.has(key)) return undefined;
    const error = serverErrors.find((e) => e.field === key);
    if (!error) return undefined;
    const field = fields.find((f) => f.key === key);
    // The daemon words the pattern hint in English; the field has it in both languages.
    const params =
      error.messageKey === 'settings.error.pattern' && field?.patternHint
        ? { ...error.params, hint: pick(field.patternHint) }
        : error.params;
    return params ? { messageKey: error.messageKey, params } : { messageKey: error.messageKey };
  };
  const problemOf = (key: string): FieldProblem | undefined => {
    const check = checks[key];
    if (check && 'problem' in check && (touched.has(key) || triedToSave)) return check.problem;
    return serverProblem(key);
  };
  const invalidKeys = fields.filter((f) => {
    const check = checks[f.key];
    return check !== undefined && 'problem' in check;
  });
  const unknownServerErrors = serverErrors.filter((e) => !fields.some((f) => f.key === e.field));

  const change = (key: string, value: RawValue) => {
    setRaw((current) => ({ ...current, [key]: value }));
    setTouched((current) => new Set(current).add(key));
    setEdited((current) => new Set(current).add(key));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTriedToSave(true);
    if (invalidKeys.length > 0) {
      document.getElementById(`${formId}-${invalidKeys[0]?.key}`)?.focus();
      return;
    }
    setEdited(new Set());
    const result: Record<string, SettingValue> = {};
    for (const field of fields) {
      const check = checks[field.key];
      if (check && 'value' in check) result[field.key] = check.value;
    }
    onSave(result);
  };

  return (
    <form className="settings-form" noValidate onSubmit={submit} aria-busy={saving}>
      {fields.length === 0 && <p className="muted">{t('settings.none')}</p>}
      {fields.map((field) => (
        <SettingInput
          key={field.key}
          id={`${formId}-${field.key}`}
          field={field}
          value={raw[field.key] ?? rawFromValue(field, undefined)}
          problem={problemOf(field.key)}
          onChange={(value) => change(field.key, value)}
        />
      ))}
      {unknownServerErrors.map((e) => (
        <p key={e.field} className="field-error" role="alert">
          {e.field}: {t(e.messageKey, e.params)}
        </p>
      ))}
      {children}
      <div className="form-actions">
        {invalidKeys.length > 0 && (touched.size > 0 || triedToSave) && (
          <p className="form-summary" role="status">
            {t('settings.fixFields')}
          </p>
        )}
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={saving || invalidKeys.length > 0}>
          {saving ? t('settings.saving') : t('settings.save')}
        </button>
      </div>
    </form>
  );
}

function SettingInput({
  id,
  field,
  value,
  problem,
  onChange,
}: {
  id: string;
  field: SettingField;
  value: RawValue;
  problem: FieldProblem | undefined;
  onChange(value: RawValue): void;
}) {
  const { t, pick } = useI18n();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [problem ? errorId : '', helpId].filter(Boolean).join(' ');
  const common = {
    id,
    name: field.key,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy,
  } as const;
  const required = field.required || field.type === 'integer' || field.type === 'port';

  let input: ReactNode;
  if (field.type === 'boolean') {
    input = (
      <input
        {...common}
        type="checkbox"
        checked={value === true}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  } else if (field.type === 'enum') {
    input = (
      <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
        {(field.options ?? []).map((option) => (
          <option key={option.value} value={option.value}>
            {pick(option.label)}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'integer' || field.type === 'port') {
    const { min, max } = numberBounds(field);
    input = (
      <input
        {...common}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        required
        className="input-number"
        placeholder={`${min}–${max}`}
        value={String(value)}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    input = (
      <input
        {...common}
        type="text"
        autoComplete="off"
        required={field.required}
        maxLength={field.maxLength}
        value={String(value)}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }

  return (
    <div
      className={`field field-${field.type === 'boolean' ? 'checkbox' : 'text'}${problem ? ' has-error' : ''}`}
    >
      <label htmlFor={id}>
        {pick(field.label)}
        {required && field.type !== 'boolean' && (
          <span className="required-mark"> {t('settings.requiredMark')}</span>
        )}
      </label>
      {input}
      {problem && (
        <p id={errorId} className="field-error">
          {t(problem.messageKey, problem.params)}
        </p>
      )}
      <p id={helpId} className="field-help">
        {pick(field.help)}
      </p>
    </div>
  );
}
