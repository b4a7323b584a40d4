// One backup target in the wizard: its kind (USB disk, FTP server, S3) as tabs, its fields, and a
// "Test connection" that says pending, then success or what is wrong in words.
import { useState } from 'react';
import { backupApi } from '../../api/backup-client.js';
import type { Disk, TargetKind } from '../../api/backup-types.js';
import { Banner, describeError } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';
import { BackupIcon } from './BackupIcon.js';
import { LocalTargetFields } from './LocalTargetFields.js';
import { FtpTargetFields, S3TargetFields } from './RemoteTargetFields.js';
import { targetInput, type TargetDraft } from './wizard-draft.js';
import { Segments, useProblemText, type Bind } from '../../components/FormFields.js';

type TestState =
  | { status: 'pending'; tested: string }
  | { status: 'ok'; tested: string; description: string }
  | { status: 'failed'; tested: string; error: unknown };

const KIND_ICON = { local: 'usb', ftp: 'server', s3: 'cloud' } as const;

export function TargetCard({
  target,
  index,
  removable,
  bind,
  invalidFields,
  disks,
  disksError,
  onReloadDisks,
  onChange,
  onRemove,
  onReveal,
}: {
  target: TargetDraft;
  index: number;
  removable: boolean;
  bind: Bind;
  /** Fields of this card that are wrong now (shown or not yet). */
  invalidFields: string[];
  disks: Disk[] | null;
  disksError: unknown;
  onReloadDisks(): void;
  onChange(target: TargetDraft): void;
  onRemove(): void;
  /** Shows the problems of the given fields and focuses the first. */
  onReveal(fields: string[]): void;
}) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const [test, setTest] = useState<TestState | null>(null);
  const at = `targets.${index}`;
  const input = targetInput(target);
  const inputKey = JSON.stringify(input);
  // A result belongs to what was tested: once a field changes, it says nothing any more.
  const shown = test && test.tested === inputKey ? test : null;
  const cardProblem = bind(at).problem;
  const number = index + 1;

  const runTest = async () => {
    if (invalidFields.length > 0) {
      onReveal(invalidFields);
      return;
    }
    setTest({ status: 'pending', tested: inputKey });
    try {
      const answer = await backupApi.testTarget(input);
      setTest({ status: 'ok', tested: inputKey, description: answer.description });
    } catch (error) {
      setTest({ status: 'failed', tested: inputKey, error });
    }
  };

  const kinds: TargetKind[] = ['local', 'ftp', 's3'];
  return (
    <section className="target-card" data-target={index} aria-labelledby={`${bind(at).id}-title`}>
      <header className="target-card-header">
        <h4 id={`${bind(at).id}-title`}>
          <BackupIcon name={KIND_ICON[target.kind]} />
          {t('backupUi.target.title', { number, kind: t(`backupUi.kind.${target.kind}`) })}
        </h4>
        {removable && (
          <button type="button" className="button button-ghost button-small" onClick={onRemove}>
            {t('backupUi.target.remove', { number })}
          </button>
        )}
      </header>
      <Segments
        name={`${bind(at).id}-kind`}
        legend={t('backupUi.target.kind', { number })}
        hideLegend
        value={target.kind}
        options={kinds.map((kind) => ({
          value: kind,
          label: t(`backupUi.kind.${kind}`),
          icon: <BackupIcon name={KIND_ICON[kind]} />,
        }))}
        onChange={(kind) => onChange({ ...target, kind })}
      />
      {cardProblem && (
        <p className="field-error" role="alert">
          {problemText(cardProblem)}
        </p>
      )}
      {target.kind === 'local' && (
        <LocalTargetFields
          local={target.local}
          at={at}
          bind={bind}
          disks={disks}
          disksError={disksError}
          onReloadDisks={onReloadDisks}
          onChange={(local) => onChange({ ...target, local })}
        />
      )}
      {target.kind === 'ftp' && (
        <FtpTargetFields
          ftp={target.ftp}
          at={at}
          bind={bind}
          onChange={(ftp) => onChange({ ...target, ftp })}
        />
      )}
      {target.kind === 's3' && (
        <S3TargetFields s3={target.s3} at={at} bind={bind} onChange={(s3) => onChange({ ...target, s3 })} />
      )}
      <div className="target-test">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void runTest()}
          disabled={shown?.status === 'pending'}
          data-action="test-target"
        >
          {shown?.status === 'pending' ? t('backupUi.test.pending') : t('backupUi.test.button')}
        </button>
        {shown?.status === 'ok' && (
          <Banner kind="success" title={t('backupUi.test.ok')}>
            <p>{t('backupUi.test.okText', { target: shown.description })}</p>
          </Banner>
        )}
        {shown?.status === 'failed' && (
          <Banner kind="error" title={t('backupUi.test.failed')}>
            <p>{describeError(t, shown.error)}</p>
          </Banner>
        )}
      </div>
    </section>
  );
}
