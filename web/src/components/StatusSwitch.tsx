// The status switch of a service: on/off, half-transparent and inactive while the server carries out
// the change, permanently half-transparent and disabled for services that must always run.
import { useId } from 'react';

export interface StatusSwitchProps {
  /** Accessible name, e.g. "Run Calendars & contacts". */
  label: string;
  /** On (running) or off; while pending, the position that was asked for. */
  checked: boolean;
  /** The server has not confirmed the change yet. */
  pending: boolean;
  /** Why the switch cannot be used (locked services); the switch is disabled when set. */
  lockedReason?: string;
  /** Shown to screen readers while pending, e.g. "Starting…". */
  pendingText?: string;
  onToggle(next: boolean): void;
}

export function StatusSwitch({
  label,
  checked,
  pending,
  lockedReason,
  pendingText,
  onToggle,
}: StatusSwitchProps) {
  const descriptionId = useId();
  const locked = lockedReason !== undefined;
  const description = locked ? lockedReason : pending ? pendingText : undefined;
  const classes = [
    'status-switch',
    checked ? 'is-on' : 'is-off',
    pending ? 'is-pending' : '',
    locked ? 'is-locked' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <span className="status-switch-wrap" title={lockedReason}>
      <button
        type="button"
        role="switch"
        className={classes}
        aria-checked={checked}
        aria-busy={pending}
        aria-label={label}
        aria-describedby={description ? descriptionId : undefined}
        // While pending the switch stays focusable (focus must not jump away) but does nothing.
        aria-disabled={pending || undefined}
        disabled={locked}
        onClick={() => {
          if (!pending && !locked) onToggle(!checked);
        }}
      >
        <span className="status-switch-knob" aria-hidden="true" />
      </button>
      {description && (
        <span id={descriptionId} className="visually-hidden">
          {description}
        </span>
      )}
    </span>
  );
}
