// Line icons of the backup screens: the kinds of target, and folders and files in a backup.
import { LineIcon } from '../../components/ServiceIcon.js';

const PATHS = {
  usb: ['M9 3h6v5H9z', 'M7 8h10v9a4 4 0 0 1-4 4h-2a4 4 0 0 1-4-4z', 'M11 5h.01', 'M13 5h.01'],
  server: ['M4 4h16v6H4z', 'M4 14h16v6H4z', 'M8 7h.01', 'M8 17h.01', 'M12 7h5', 'M12 17h5'],
  cloud: ['M7 18h10a4 4 0 0 0 .5-8 6 6 0 0 0-11.4 1.5A3.3 3.3 0 0 0 7 18z'],
  folder: ['M3 6h6l2 2h10v11H3z'],
  file: ['M6 3h8l4 4v14H6z', 'M14 3v4h4'],
  link: [
    'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1',
    'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  ],
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  cross: ['M6 6l12 12', 'M18 6L6 18'],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
} as const;

export type BackupIconName = keyof typeof PATHS;

export function BackupIcon({ name, className = 'ui-icon' }: { name: BackupIconName; className?: string }) {
  return <LineIcon paths={PATHS[name]} className={className} />;
}
