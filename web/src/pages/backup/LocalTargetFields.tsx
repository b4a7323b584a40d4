// The USB disk tab of a target card: pick a connected disk, then the folder on it for the backups.
import type { Disk } from '../../api/backup-types.js';
import { Banner, describeError } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';
import { useQuantities } from './quantities.js';
import { diskOf, pickDisk, type LocalDraft } from './wizard-draft.js';
import { SelectField, TextField, type Bind } from '../../components/FormFields.js';

const STORED = '__stored__';

export function LocalTargetFields({
  local,
  at,
  bind,
  disks,
  disksError,
  onReloadDisks,
  onChange,
}: {
  local: LocalDraft;
  at: string;
  bind: Bind;
  disks: Disk[] | null;
  disksError: unknown;
  onReloadDisks(): void;
  onChange(local: LocalDraft): void;
}) {
  const { t } = useI18n();
  const q = useQuantities();
  const connected = disks ? diskOf(local, disks) : undefined;
  const stored = !connected && (local.uuid !== '' || local.label !== '');
  const name = (disk: Disk) => disk.label ?? disk.uuid ?? disk.mountpoint;
  const options = [
    { value: '', label: t('backupUi.local.choose') },
    ...(stored
      ? [{ value: STORED, label: t('backupUi.local.notConnected', { disk: local.label || local.uuid }) }]
      : []),
    ...(disks ?? []).map((disk) => ({
      value: disk.mountpoint,
      label: t('backupUi.local.diskOption', {
        disk: name(disk),
        mountpoint: disk.mountpoint,
        free: q.bytes(disk.availableBytes),
        size: q.bytes(disk.sizeBytes),
      }),
    })),
  ];

  const noDisks = disks !== null && disks.length === 0;
  return (
    <div className="target-fields">
      {disksError !== null && (
        <Banner kind="error" title={t('backupUi.local.disksFailed')}>
          <p>{describeError(t, disksError)}</p>
        </Banner>
      )}
      {noDisks && !stored && (
        <Banner
          kind="warning"
          title={t('backupUi.local.noDisk')}
          action={
            <button type="button" className="button button-secondary" onClick={onReloadDisks}>
              {t('backupUi.local.lookAgain')}
            </button>
          }
        >
          <p>{t('backupUi.local.noDiskHint')}</p>
        </Banner>
      )}
      {disks === null && disksError === null && <p role="status">{t('backupUi.local.looking')}</p>}
      {(!noDisks || stored) && (
        <div className="field-with-action">
          <SelectField
            binding={bind(`${at}.disk`)}
            label={t('backupUi.local.disk')}
            help={stored ? t('backupUi.local.notConnectedHint') : t('backupUi.local.diskHelp')}
            value={connected ? connected.mountpoint : stored ? STORED : ''}
            options={options}
            onChange={(value) => {
              const disk = disks?.find((d) => d.mountpoint === value);
              if (disk) onChange(pickDisk(local, disk));
              else if (value === '') onChange({ ...local, uuid: '', label: '', mountpoint: '' });
            }}
          />
          <button type="button" className="button button-ghost button-small" onClick={onReloadDisks}>
            {t('backupUi.local.lookAgain')}
          </button>
        </div>
      )}
      <TextField
        binding={bind(`${at}.path`)}
        label={t('backupUi.local.folder')}
        help={t('backupUi.local.folderHelp')}
        required
        className="input-mono"
        value={local.path}
        placeholder="/media/usb/hausmeister-backups"
        onChange={(path) => onChange({ ...local, path })}
      />
    </div>
  );
}
