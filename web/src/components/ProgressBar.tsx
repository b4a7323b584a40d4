// A labelled progress bar (role="progressbar") for package installs and other long work.
export function ProgressBar({ label, percent, detail }: { label: string; percent: number; detail?: string }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        <span aria-hidden="true">{value} %</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={detail ? `${value} % – ${detail}` : `${value} %`}
      >
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
      {detail && <p className="progress-detail">{detail}</p>}
    </div>
  );
}
