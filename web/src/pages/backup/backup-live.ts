// Live state of backups: the overview (GET /api/v1/backup), kept current by the `backup` events of the
// daemon's event stream. One EventSource is shared by every backup view that is open.
import { useCallback, useEffect, useRef, useState } from 'react';
import { backupApi } from '../../api/backup-client.js';
import type { BackupEvent, JobView, Overview, RunView } from '../../api/backup-types.js';
import { EVENTS_URL } from '../../api/client.js';

type StreamListener = (event: BackupEvent | 'reconnected') => void;

const listeners = new Set<StreamListener>();
let source: EventSource | null = null;

function subscribe(listener: StreamListener): () => void {
  listeners.add(listener);
  if (!source) {
    const opened = new EventSource(EVENTS_URL, { withCredentials: true });
    let wasConnected = false;
    opened.addEventListener('open', () => {
      // After a reconnect, events may have been missed: the views read the state again.
      if (wasConnected) for (const l of listeners) l('reconnected');
      wasConnected = true;
    });
    opened.addEventListener('backup', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as BackupEvent;
      for (const l of listeners) l(data);
    });
    source = opened;
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      source?.close();
      source = null;
    }
  };
}

export interface BackupLive {
  overview: Overview | null;
  loadError: unknown;
  /** The running job (backup, verify, restore, prune), or null. */
  job: JobView | null;
  /** Runs that finished while this view was open, newest last. */
  finished: RunView[];
  reload(): Promise<void>;
  /** Adopts the job a POST answered with, unless its run already finished meanwhile. */
  adoptJob(job: JobView): void;
  /** A finished run by id: from the events, or looked up when an event was missed. */
  findRun(runId: number): Promise<RunView | null>;
}

export function useBackupLive(): BackupLive {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [job, setJob] = useState<JobView | null>(null);
  const [finished, setFinished] = useState<RunView[]>([]);
  const finishedIds = useRef(new Set<number>());
  const eventsSeen = useRef(0);

  const noteFinished = useCallback((run: RunView) => {
    finishedIds.current.add(run.id);
    setFinished((current) => [...current.filter((r) => r.id !== run.id), run]);
  }, []);

  const reload = useCallback(async () => {
    const before = eventsSeen.current;
    try {
      const next = await backupApi.overview();
      setOverview(next);
      // An event that arrived while the overview was on its way is newer than it.
      if (eventsSeen.current === before) setJob(next.job);
      setLoadError(null);
    } catch (error) {
      setLoadError(error);
    }
  }, []);

  useEffect(() => {
    void reload();
    return subscribe((event) => {
      if (event === 'reconnected') {
        void reload();
        return;
      }
      eventsSeen.current++;
      setJob(event.job && !finishedIds.current.has(event.job.runId) ? event.job : null);
      const run = event.run;
      if (run) {
        noteFinished(run);
        setOverview((current) => (current ? { ...current, lastRun: run } : current));
        // A finished backup moves the next run, a first backup makes the report non-empty.
        void reload();
      }
    });
  }, [reload, noteFinished]);

  const adoptJob = useCallback((next: JobView) => {
    if (finishedIds.current.has(next.runId)) return;
    setJob((current) => (current && current.runId === next.runId && current.progress ? current : next));
  }, []);

  const findRun = useCallback(
    async (runId: number) => {
      const known = finished.find((r) => r.id === runId);
      if (known) return known;
      const { runs } = await backupApi.runs(20);
      const run = runs.find((r) => r.id === runId && r.state !== 'running') ?? null;
      if (run) noteFinished(run);
      return run;
    },
    [finished, noteFinished],
  );

  return { overview, loadError, job, finished, reload, adoptJob, findRun };
}
