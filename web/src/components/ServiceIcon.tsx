// Small line icons for the services, chosen by the catalog's `icon` name (with a generic fallback).
const PATHS: Record<string, string[]> = {
  cockpit: ['M4 5h16v11H4z', 'M9 20h6', 'M12 16v4', 'M7 12l3-3 2 2 4-4'],
  firewall: [
    'M12 3l8 3v6c0 4.5-3.4 8-8 9-4.6-1-8-4.5-8-9V6z',
    'M4 10h16',
    'M4 15h16',
    'M10 6v4',
    'M14 10v5',
    'M10 15v5',
  ],
  calendar: ['M4 6h16v14H4z', 'M4 10h16', 'M8 3v5', 'M16 3v5', 'M8 14h2', 'M14 14h2', 'M8 17h2'],
  'folder-share': [
    'M3 7h6l2 2h10v10H3z',
    'M9 15.5a1.5 1.5 0 1 0 0-.1',
    'M15 13a1.5 1.5 0 1 0 0-.1',
    'M15 18a1.5 1.5 0 1 0 0-.1',
    'M10.4 14.6l3.2-1.3',
    'M10.4 16.1l3.2 1.3',
  ],
  backup: ['M5 5h14v5H5z', 'M5 10h14v9H5z', 'M9 7.5h6', 'M12 12.5v4.5', 'M9.5 14.5l2.5-2.5 2.5 2.5'],
  generic: ['M4 5h16v6H4z', 'M4 13h16v6H4z', 'M7 8h.01', 'M7 16h.01'],
};

export function ServiceIcon({ name, className = 'service-icon' }: { name: string; className?: string }) {
  const paths = PATHS[name] ?? PATHS.generic ?? [];
  return <LineIcon paths={paths} className={className} strokeWidth={1.7} />;
}

/** Icons of the cockpit's own controls (settings gear, log, external link, menu). */
export function UiIcon({ name }: { name: 'gear' | 'log' | 'external' | 'menu' | 'logout' | 'globe' }) {
  const paths: Record<typeof name, string[]> = {
    gear: [
      'M12 15.2a3.2 3.2 0 1 0 0-6.4 3.2 3.2 0 0 0 0 6.4z',
      'M19.4 13.5a7.6 7.6 0 0 0 0-3l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-2.6-1.5L14 2.5h-4l-.4 2.5A7.5 7.5 0 0 0 7 6.5l-2.4-1-2 3.4 2 1.6a7.6 7.6 0 0 0 0 3l-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 2.6 1.5l.4 2.5h4l.4-2.5a7.5 7.5 0 0 0 2.6-1.5l2.4 1 2-3.4z',
    ],
    log: ['M6 3h9l4 4v14H6z', 'M14 3v5h5', 'M9 12h7', 'M9 15h7', 'M9 18h4'],
    external: ['M14 4h6v6', 'M20 4l-9 9', 'M18 14v6H4V6h6'],
    menu: ['M4 7h16', 'M4 12h16', 'M4 17h16'],
    logout: ['M15 4h4v16h-4', 'M10 8l-4 4 4 4', 'M6 12h10'],
    globe: [
      'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z',
      'M3 12h18',
      'M12 3c2.5 2.7 3.5 5.7 3.5 9s-1 6.3-3.5 9c-2.5-2.7-3.5-5.7-3.5-9s1-6.3 3.5-9z',
    ],
  };
  return <LineIcon paths={paths[name]} />;
}

/** A 24×24 line drawing from SVG paths, hidden from screen readers (the control around it has the name). */
export function LineIcon({
  paths,
  className = 'ui-icon',
  strokeWidth = 1.8,
}: {
  paths: readonly string[];
  className?: string;
  strokeWidth?: number;
}) {
  return (
    <svg className={className} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {paths.map((d) => (
        <path
          key={d}
          d={d}
          fill="none"
          stroke="currentColor"
          strokeWidth={strokeWidth}
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      ))}
    </svg>
  );
}
