// Live state of the services, the firewall and package installs: loaded once, then kept current by the
// daemon's event stream (GET /api/v1/events).
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { api, EVENTS_URL } from './client.js';
import type { FirewallStatus, InstallProgress, ServiceView } from './types.js';

interface Live {
  services: ServiceView[] | null;
  firewall: FirewallStatus | null;
  installs: Record<string, InstallProgress>;
  loadError: unknown;
  /** The event stream has been down for a few seconds (the browser keeps reconnecting). */
  streamLost: boolean;
  reload(): Promise<void>;
  /**
   * Applies a view the daemon answered to a request sent at `ticket` (from `ticket()`), unless an
   * event about the same service arrived meanwhile: events are newer than the answer then.
   */
  applyAnswer(view: ServiceView, ticket: number): void;
  ticket(serviceId: string): number;
  clearInstall(serviceId: string): void;
}

const LiveContext = createContext<Live | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const [services, setServices] = useState<ServiceView[] | null>(null);
  const [firewall, setFirewall] = useState<FirewallStatus | null>(null);
  const [installs, setInstalls] = useState<Record<string, InstallProgress>>({});
  const [loadError, setLoadError] = useState<unknown>(null);
  const [streamLost, setStreamLost] = useState(false);
  const eventCounts = useRef(new Map<string, number>());
  const lastEvent = useRef(new Map<string, ServiceView>());

  const upsert = useCallback((view: ServiceView) => {
    setServices((current) => {
      if (!current) return current;
      const index = current.findIndex((s) => s.id === view.id);
      if (index === -1) return [...current, view];
      const next = current.slice();
      next[index] = view;
      return next;
    });
  }, []);

  const reload = useCallback(async () => {
    const before = new Map(eventCounts.current);
    try {
      const [list, wall] = await Promise.all([api.services(), api.firewall()]);
      // An event that arrived while the list was on its way is newer than the list.
      setServices(
        list.services.map((view) =>
          (eventCounts.current.get(view.id) ?? 0) !== (before.get(view.id) ?? 0)
            ? (lastEvent.current.get(view.id) ?? view)
            : view,
        ),
      );
      setFirewall(wall);
      setLoadError(null);
    } catch (error) {
      setLoadError(error);
    }
  }, []);

  useEffect(() => {
    void reload();
    const source = new EventSource(EVENTS_URL, { withCredentials: true });
    let wasConnected = false;
    let lostTimer: number | undefined;
    source.addEventListener('open', () => {
      window.clearTimeout(lostTimer);
      lostTimer = undefined;
      setStreamLost(false);
      // After a reconnect, events may have been missed: read the whole state again.
      if (wasConnected) void reload();
      wasConnected = true;
    });
    source.addEventListener('error', () => {
      // Short drops (a daemon restart) heal by themselves; only a lasting one is worth a notice.
      if (lostTimer === undefined)
        lostTimer = window.setTimeout(() => {
          setStreamLost(true);
          // The stream also fails when the session ended: a plain request finds out (401 → login).
          void reload();
        }, 4000);
    });
    source.addEventListener('service', (event) => {
      const view = JSON.parse((event as MessageEvent<string>).data) as ServiceView;
      eventCounts.current.set(view.id, (eventCounts.current.get(view.id) ?? 0) + 1);
      lastEvent.current.set(view.id, view);
      upsert(view);
    });
    source.addEventListener('firewall', (event) => {
      setFirewall(JSON.parse((event as MessageEvent<string>).data) as FirewallStatus);
    });
    source.addEventListener('install', (event) => {
      const progress = JSON.parse((event as MessageEvent<string>).data) as InstallProgress;
      setInstalls((current) => ({ ...current, [progress.serviceId]: progress }));
    });
    return () => {
      window.clearTimeout(lostTimer);
      source.close();
    };
  }, [reload, upsert]);

  const value = useMemo<Live>(
    () => ({
      services,
      firewall,
      installs,
      loadError,
      streamLost,
      reload,
      ticket: (serviceId) => eventCounts.current.get(serviceId) ?? 0,
      applyAnswer: (view, ticket) => {
        if ((eventCounts.current.get(view.id) ?? 0) === ticket) upsert(view);
      },
      clearInstall: (serviceId) =>
        setInstalls((current) => {
          const { [serviceId]: _done, ...rest } = current;
          return rest;
        }),
    }),
    [services, firewall, installs, loadError, streamLost, reload, upsert],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive() outside <LiveProvider>');
  return live;
}

/** Running services with a web interface of their own, for the navigation (the cockpit is the page itself). */
export function useWebEntries(): ServiceView[] {
  const { services } = useLive();
  return (services ?? []).filter((s) => s.webEntry && !s.builtin && s.state === 'running');
}
