// Form inputs with a label, the input, its problem in words and a help text, wired to a form's checks
// by the field's path (`targets.0.port`): the backup wizard and the SMTP account use them.
import type { InputHTMLAttributes, ReactNode } from 'react';
import type { FieldProblem } from './settings-validation.js';
import { useI18n } from '../i18n/i18n.js';

export interface FieldBinding {
  id: string;
  /** Shown once the field was edited or the owner tried to go on; or the daemon's answer. */
  problem: FieldProblem | undefined;
  /** The owner changed the field. */
  touch(): void;
}

export type Bind = (path: string) => FieldBinding;

/** A problem in words; a key this UI does not know (a newer daemon) gets a plain generic text. */
export function useProblemText(): (problem: FieldProblem) => string {
  const { t, has } = useI18n();
  return (problem) =>
    has(problem.messageKey) ? t(problem.messageKey, problem.params) : t('form.error.invalid');
}

function FieldFrame({
  binding,
  label,
  help,
  required,
  kind = 'text',
  children,
}: {
  binding: FieldBinding;
  label: ReactNode;
  help?: ReactNode;
  required?: boolean;
  kind?: 'text' | 'checkbox';
  children: ReactNode;
}) {
  const { t } = useI18n();
  const text = useProblemText();
  const { id, problem } = binding;
  return (
    <div className={`field field-${kind}${problem ? ' has-error' : ''}`} data-field={id}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required-mark"> {t('settings.requiredMark')}</span>}
      </label>
      {children}
      {problem && (
        <p id={`${id}-error`} className="field-error">
          {text(problem)}
        </p>
      )}
      {help && (
        <p id={`${id}-help`} className="field-help">
          {help}
        </p>
      )}
    </div>
  );
}

/** What ties a control to its frame: its id, and its problem and help text for screen readers. */
function controlAttributes(binding: FieldBinding, help: ReactNode) {
  const ids = [binding.problem ? `${binding.id}-error` : '', help ? `${binding.id}-help` : ''].filter(
    Boolean,
  );
  return {
    id: binding.id,
    'aria-invalid': binding.problem ? true : undefined,
    'aria-describedby': ids.length > 0 ? ids.join(' ') : undefined,
  };
}

export function TextField({
  binding,
  label,
  help,
  required,
  value,
  onChange,
  className,
  ...input
}: {
  binding: FieldBinding;
  label: ReactNode;
  help?: ReactNode;
  required?: boolean;
  value: string;
  onChange(value: string): void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>) {
  return (
    <FieldFrame binding={binding} label={label} help={help} required={required}>
      <input
        type="text"
        autoComplete="off"
        spellCheck={false}
        {...input}
        className={className}
        value={value}
        required={required}
        {...controlAttributes(binding, help)}
        onChange={(event) => {
          onChange(event.target.value);
          binding.touch();
        }}
      />
    </FieldFrame>
  );
}

/** A whole number between `min` and `max`: what is typed is rounded into the range as you type. */
export function NumberField({
  min,
  max,
  value,
  onChange,
  ...field
}: {
  binding: FieldBinding;
  label: ReactNode;
  help?: ReactNode;
  min: number;
  max: number;
  value: number;
  onChange(value: number): void;
}) {
  return (
    <TextField
      {...field}
      inputMode="numeric"
      className="input-number"
      value={String(value)}
      onChange={(typed) => onChange(Math.max(min, Math.min(max, Math.round(Number(typed) || min))))}
    />
  );
}

export function TextAreaField({
  binding,
  label,
  help,
  value,
  onChange,
  rows = 6,
  placeholder,
}: {
  binding: FieldBinding;
  label: ReactNode;
  help?: ReactNode;
  value: string;
  onChange(value: string): void;
  rows?: number;
  placeholder?: string;
}) {
  return (
    <FieldFrame binding={binding} label={label} help={help}>
      <textarea
        className="input-code"
        rows={rows}
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        {...controlAttributes(binding, help)}
        onChange={(event) => {
          onChange(event.target.value);
          binding.touch();
        }}
      />
    </FieldFrame>
  );
}

export function SelectField<T extends string>({
  binding,
  label,
  help,
  value,
  options,
  onChange,
}: {
  binding: FieldBinding;
  label: ReactNode;
  help?: ReactNode;
  value: T;
  options: { value: T; label: string }[];
  onChange(value: T): void;
}) {
  return (
    <FieldFrame binding={binding} label={label} help={help}>
      <select
        value={value}
        {...controlAttributes(binding, help)}
        onChange={(event) => {
          onChange(event.target.value as T);
          binding.touch();
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckField({
  binding,
  label,
  help,
  checked,
  onChange,
  disabled,
}: {
  binding: FieldBinding;
  label: ReactNode;
  help?: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
}) {
  return (
    <FieldFrame binding={binding} label={label} help={help} kind="checkbox">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        {...controlAttributes(binding, help)}
        onChange={(event) => {
          onChange(event.target.checked);
          binding.touch();
        }}
      />
    </FieldFrame>
  );
}

/** Radio buttons in a fieldset, drawn as a row of segments (kind of target, frequency…). */
export function Segments<T extends string>({
  name,
  legend,
  value,
  options,
  onChange,
  hideLegend = false,
}: {
  name: string;
  legend: string;
  value: T;
  options: { value: T; label: string; icon?: ReactNode }[];
  onChange(value: T): void;
  hideLegend?: boolean;
}) {
  return (
    <fieldset className="segments">
      <legend className={hideLegend ? 'visually-hidden' : 'segments-legend'}>{legend}</legend>
      <div className="segments-options">
        {options.map((option) => (
          <label key={option.value} className="segment">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span className="segment-face">
              {option.icon}
              {option.label}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
