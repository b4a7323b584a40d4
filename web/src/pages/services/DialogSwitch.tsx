// One labelled switch of the service dialog ("Expose to the internet?", "Notifications?"), with the
// line below it that says what it does, or why it cannot be used yet.
import { useId } from 'react';

export function DialogSwitch({
  label,
  on,
  usable,
  reason,
  onToggle,
  name,
}: {
  label: string;
  on: boolean;
  usable: boolean;
  /** The line below the switch; none: no line. */
  reason?: string;
  onToggle(on: boolean): void;
  /** Marks the switch for tests and styles (`data-switch`). */
  name?: string;
}) {
  const id = useId();
  return (
    <div className="availability" data-switch={name}>
      <div className="availability-row">
        <span className="availability-label" id={`${id}-label`}>
          {label}
        </span>
        <button
          type="button"
          role="switch"
          className={`status-switch small ${on ? 'is-on' : 'is-off'}${usable ? '' : ' is-locked'}`}
          aria-checked={on}
          aria-labelledby={`${id}-label`}
          aria-describedby={reason ? `${id}-reason` : undefined}
          disabled={!usable}
          onClick={() => onToggle(!on)}
        >
          <span className="status-switch-knob" aria-hidden="true" />
        </button>
      </div>
      {reason && (
        <p id={`${id}-reason`} className="availability-reason">
          {reason}
        </p>
      )}
    </div>
  );
}
