// The last lines of a service's log in a dialog (GET /api/v1/services/:id/logs).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import { ErrorBanner } from '../../components/Banner.js';
import { Dialog } from '../../components/Dialog.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ServiceView } from '../../api/types.js';

const LINES = 200;

export function LogDialog({ service, onClose }: { service: ServiceView; onClose(): void }) {
  const { t, pick } = useI18n();
  const [lines, setLines] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const preRef = useRef<HTMLPreElement>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const result = await api.logs(service.id, LINES);
      setLines(result.lines);
      setError(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }, [service.id]);

  useEffect(() => {
    void load();
  }, [load]);

  // The newest lines are at the bottom: show them first.
  useEffect(() => {
    const pre = preRef.current;
    if (pre) pre.scrollTop = pre.scrollHeight;
  }, [lines]);

  return (
    <Dialog
      title={t('logs.title', { name: pick(service.name) })}
      onClose={onClose}
      wide
      className="log-dialog"
    >
      <p className="muted">{t('logs.intro', { count: LINES })}</p>
      {error !== null && <ErrorBanner error={error} />}
      {lines === null && error === null && <p role="status">{t('common.loading')}</p>}
      {lines !== null && lines.length === 0 && (
        <p className="muted log-empty">
          {service.state === 'failed' ? t('logs.emptyFailed') : t('logs.empty')}
        </p>
      )}
      {lines !== null && lines.length > 0 && (
        <pre ref={preRef} className="log-lines" tabIndex={0} aria-label={t('logs.linesLabel')}>
          {lines.join('\n')}
        </pre>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void load()}
          disabled={loading}
        >
          {t('logs.refresh')}
        </button>
        <button type="button" className="button button-primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
