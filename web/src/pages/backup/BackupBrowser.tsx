// The folders and files of one backup, walked down from `/`: breadcrumbs, icons, sizes, dates, and a
// checkbox per entry (a ticked folder brings everything below it). A long folder (thousands of photos)
// gets a filter by name and draws its first rows only, until the owner asks for all.
import { useEffect, useState } from 'react';
// A name whose bytes are not UTF-8 (an old Latin-1 disk) is shown as \xNN, as the engine's warnings show it.
import { displayName } from '../../../../src/capabilities/backup/archive/display-name.js';
import { backupApi } from '../../api/backup-client.js';
import type { BackupEntry, BrowseResult } from '../../api/backup-types.js';
import { ErrorBanner } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';
import { BackupIcon } from './BackupIcon.js';
import { useQuantities } from './quantities.js';

/** From this many entries a folder offers a filter by name. */
const FILTER_FROM = 15;
/** Rows drawn at first: thousands of checkboxes would make the dialog slow to open and to scroll. */
const FIRST_ROWS = 300;

/** The entries whose name holds `filter` (any case), and how many of them are drawn. */
function visibleEntries<T extends { name: string }>(
  entries: T[],
  filter: string,
  showAll: boolean,
): { matching: number; shown: T[] } {
  const wanted = filter.trim().toLocaleLowerCase();
  const matching = wanted ? entries.filter((e) => e.name.toLocaleLowerCase().includes(wanted)) : entries;
  return { matching: matching.length, shown: showAll ? matching : matching.slice(0, FIRST_ROWS) };
}

export function isCovered(selected: ReadonlySet<string>, path: string): boolean {
  for (const chosen of selected) if (path === chosen || path.startsWith(`${chosen}/`)) return true;
  return false;
}

export function BackupBrowser({
  backupId,
  selected,
  disabled,
  onToggle,
}: {
  backupId: string;
  selected: ReadonlySet<string>;
  /** "Everything" is ticked: the entries show what is in the backup, all included. */
  disabled: boolean;
  onToggle(path: string, on: boolean): void;
}) {
  const { t, formatDateTime } = useI18n();
  const q = useQuantities();
  const [folder, setFolder] = useState('/');
  const [listing, setListing] = useState<BrowseResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [filter, setFilter] = useState('');
  const [showAll, setShowAll] = useState(false);

  useEffect(() => setFolder('/'), [backupId]);
  useEffect(() => {
    setFilter('');
    setShowAll(false);
  }, [backupId, folder]);
  useEffect(() => {
    let stale = false;
    setError(null);
    backupApi.browse(backupId, folder).then(
      (result) => {
        if (!stale) setListing(result);
      },
      (failure: unknown) => {
        if (!stale) setError(failure);
      },
    );
    return () => {
      stale = true;
    };
  }, [backupId, folder, attempt]);

  const crumbs = folder === '/' ? [] : folder.split('/').filter(Boolean);
  const entries = [...(listing?.folder === folder ? listing.entries : [])].sort(
    (a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || a.name.localeCompare(b.name),
  );
  const loading = error === null && listing?.folder !== folder;
  const { matching, shown } = visibleEntries(entries, filter, showAll);

  return (
    <div className="backup-browser">
      <nav aria-label={t('backupUi.restore.breadcrumbs')}>
        <ol className="breadcrumbs">
          <li>
            <button
              type="button"
              className="crumb"
              onClick={() => setFolder('/')}
              aria-current={folder === '/' ? 'location' : undefined}
            >
              {t('backupUi.restore.root')}
            </button>
          </li>
          {crumbs.map((name, i) => {
            const path = `/${crumbs.slice(0, i + 1).join('/')}`;
            return (
              <li key={path}>
                <button
                  type="button"
                  className="crumb"
                  onClick={() => setFolder(path)}
                  aria-current={path === folder ? 'location' : undefined}
                >
                  {displayName(name)}
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      {error !== null && (
        <ErrorBanner
          error={error}
          title={t('backupUi.restore.browseFailed')}
          action={
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setAttempt((n) => n + 1)}
            >
              {t('common.retry')}
            </button>
          }
        />
      )}
      {loading && <p role="status">{t('common.loading')}</p>}
      {!loading && error === null && entries.length === 0 && (
        <p className="muted">{t('backupUi.restore.emptyFolder')}</p>
      )}
      {!loading && entries.length >= FILTER_FROM && (
        <div className="field entry-filter">
          <label htmlFor="backup-entry-filter">{t('backupUi.restore.filter')}</label>
          <input
            id="backup-entry-filter"
            type="text"
            value={filter}
            onChange={(event) => {
              setFilter(event.target.value);
              setShowAll(false);
            }}
            placeholder={t('backupUi.restore.filterPlaceholder')}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      )}
      {!loading && entries.length > 0 && matching === 0 && (
        <p className="muted" role="status">
          {t('backupUi.restore.filterNone', { text: filter.trim() })}
        </p>
      )}
      {!loading && shown.length > 0 && (
        <ul className="entry-list" aria-label={t('backupUi.restore.entries', { folder })}>
          {shown.map((entry) => (
            <EntryRow
              key={entry.path}
              entry={entry}
              checked={disabled || isCovered(selected, entry.path)}
              implied={!disabled && !selected.has(entry.path) && isCovered(selected, entry.path)}
              disabled={disabled}
              onToggle={(on) => onToggle(entry.path, on)}
              onOpen={() => setFolder(entry.path)}
              size={entry.type === 'dir' ? '' : q.bytes(entry.size)}
              date={entry.mtimeMs === null ? '' : formatDateTime(new Date(entry.mtimeMs).toISOString())}
            />
          ))}
        </ul>
      )}
      {!loading && shown.length < matching && (
        <p className="entry-more">
          <span className="muted">
            {t('backupUi.restore.shownOf', { shown: shown.length, count: matching })}
          </span>{' '}
          <button type="button" className="button button-secondary" onClick={() => setShowAll(true)}>
            {t('backupUi.restore.showAll', { count: matching })}
          </button>
        </p>
      )}
    </div>
  );
}

function EntryRow({
  entry,
  checked,
  implied,
  disabled,
  onToggle,
  onOpen,
  size,
  date,
}: {
  entry: BackupEntry;
  checked: boolean;
  /** Included because a folder above it is ticked. */
  implied: boolean;
  disabled: boolean;
  onToggle(on: boolean): void;
  onOpen(): void;
  size: string;
  date: string;
}) {
  const { t } = useI18n();
  const isDir = entry.type === 'dir';
  const icon = isDir ? 'folder' : entry.type === 'symlink' ? 'link' : 'file';
  const checkboxId = `entry-${entry.path}`;
  const name = displayName(entry.name);
  return (
    <li className={`entry entry-${isDir ? 'dir' : 'file'}`} data-entry={entry.path}>
      <input
        id={checkboxId}
        type="checkbox"
        checked={checked}
        disabled={disabled || implied}
        onChange={(event) => onToggle(event.target.checked)}
        aria-label={t(isDir ? 'backupUi.restore.pickFolder' : 'backupUi.restore.pickFile', { name })}
      />
      <BackupIcon name={icon} className="ui-icon entry-icon" />
      {isDir ? (
        <button
          type="button"
          className="entry-name entry-open"
          onClick={onOpen}
          aria-label={t('backupUi.restore.open', { name })}
        >
          {name}
        </button>
      ) : (
        <span className="entry-name">{name}</span>
      )}
      <span className="entry-size">{size}</span>
      <span className="entry-date">{date}</span>
    </li>
  );
}
