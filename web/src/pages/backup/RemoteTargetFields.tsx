// The FTP and S3 tabs of a target card: where the server is, how to log in, where the backups go.
import { useState } from 'react';
import { Banner } from '../../components/Banner.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FtpDraft, S3Draft } from './wizard-draft.js';
import { CheckField, SelectField, TextAreaField, TextField, type Bind } from '../../components/FormFields.js';

export function FtpTargetFields({
  ftp,
  at,
  bind,
  onChange,
}: {
  ftp: FtpDraft;
  at: string;
  bind: Bind;
  onChange(ftp: FtpDraft): void;
}) {
  const { t } = useI18n();
  const set = (patch: Partial<FtpDraft>) => onChange({ ...ftp, ...patch });
  // Open at first when a certificate is stored; afterwards the owner opens and closes it.
  const [caOpen] = useState(ftp.caCertificate !== '');
  return (
    <div className="target-fields">
      <div className="field-row field-row-host">
        <TextField
          binding={bind(`${at}.host`)}
          label={t('backupUi.ftp.host')}
          help={t('backupUi.ftp.hostHelp')}
          required
          value={ftp.host}
          placeholder="ftp.example.net"
          onChange={(host) => set({ host })}
        />
        <TextField
          binding={bind(`${at}.port`)}
          label={t('backupUi.ftp.port')}
          required
          inputMode="numeric"
          className="input-number"
          value={ftp.port}
          onChange={(port) => set({ port })}
        />
      </div>
      <div className="field-row">
        <TextField
          binding={bind(`${at}.user`)}
          label={t('backupUi.ftp.user')}
          required
          value={ftp.user}
          onChange={(user) => set({ user })}
        />
        <TextField
          binding={bind(`${at}.password`)}
          label={t('backupUi.ftp.password')}
          type="password"
          autoComplete="new-password"
          required={!ftp.hasPassword}
          help={ftp.hasPassword ? t('backupUi.secret.stored') : undefined}
          placeholder={ftp.hasPassword ? t('backupUi.secret.storedPlaceholder') : undefined}
          value={ftp.password}
          onChange={(password) => set({ password })}
        />
      </div>
      <SelectField
        binding={bind(`${at}.tls`)}
        label={t('backupUi.ftp.tls')}
        value={ftp.tls}
        options={[
          { value: 'explicit', label: t('backupUi.ftp.tls.explicit') },
          { value: 'implicit', label: t('backupUi.ftp.tls.implicit') },
          { value: 'none', label: t('backupUi.ftp.tls.none') },
        ]}
        help={t('backupUi.ftp.tlsHelp')}
        onChange={(tls) => set({ tls, port: ftp.port === '21' && tls === 'implicit' ? '990' : ftp.port })}
      />
      {ftp.tls === 'none' && (
        <Banner kind="warning" title={t('backupUi.ftp.plainWarning')}>
          <p>{t('backupUi.ftp.plainWarningText')}</p>
        </Banner>
      )}
      <TextField
        binding={bind(`${at}.folder`)}
        label={t('backupUi.ftp.folder')}
        help={t('backupUi.ftp.folderHelp')}
        required
        className="input-mono"
        value={ftp.folder}
        onChange={(folder) => set({ folder })}
      />
      {ftp.tls !== 'none' && (
        <details className="field-details" open={caOpen}>
          <summary>{t('backupUi.ftp.ca')}</summary>
          <TextAreaField
            binding={bind(`${at}.caCertificate`)}
            label={t('backupUi.ftp.caLabel')}
            help={t('backupUi.ftp.caHelp')}
            placeholder="-----BEGIN CERTIFICATE-----"
            value={ftp.caCertificate}
            onChange={(caCertificate) => set({ caCertificate })}
          />
        </details>
      )}
    </div>
  );
}

export function S3TargetFields({
  s3,
  at,
  bind,
  onChange,
}: {
  s3: S3Draft;
  at: string;
  bind: Bind;
  onChange(s3: S3Draft): void;
}) {
  const { t } = useI18n();
  const set = (patch: Partial<S3Draft>) => onChange({ ...s3, ...patch });
  return (
    <div className="target-fields">
      <TextField
        binding={bind(`${at}.endpoint`)}
        label={t('backupUi.s3.endpoint')}
        help={t('backupUi.s3.endpointHelp')}
        className="input-mono"
        inputMode="url"
        placeholder="https://s3.example.net"
        value={s3.endpoint}
        onChange={(endpoint) => set({ endpoint })}
      />
      <div className="field-row">
        <TextField
          binding={bind(`${at}.bucket`)}
          label={t('backupUi.s3.bucket')}
          help={t('backupUi.s3.bucketHelp')}
          required
          value={s3.bucket}
          onChange={(bucket) => set({ bucket })}
        />
        <TextField
          binding={bind(`${at}.region`)}
          label={t('backupUi.s3.region')}
          help={t('backupUi.s3.regionHelp')}
          required
          value={s3.region}
          onChange={(region) => set({ region })}
        />
      </div>
      <TextField
        binding={bind(`${at}.prefix`)}
        label={t('backupUi.s3.prefix')}
        help={t('backupUi.s3.prefixHelp')}
        className="input-mono"
        value={s3.prefix}
        onChange={(prefix) => set({ prefix })}
      />
      <div className="field-row">
        <TextField
          binding={bind(`${at}.accessKeyId`)}
          label={t('backupUi.s3.accessKey')}
          required
          className="input-mono"
          value={s3.accessKeyId}
          onChange={(accessKeyId) => set({ accessKeyId })}
        />
        <TextField
          binding={bind(`${at}.secretAccessKey`)}
          label={t('backupUi.s3.secretKey')}
          type="password"
          autoComplete="new-password"
          required={!s3.hasSecretKey}
          help={s3.hasSecretKey ? t('backupUi.secret.stored') : undefined}
          placeholder={s3.hasSecretKey ? t('backupUi.secret.storedPlaceholder') : undefined}
          value={s3.secretAccessKey}
          onChange={(secretAccessKey) => set({ secretAccessKey })}
        />
      </div>
      <CheckField
        binding={bind(`${at}.forcePathStyle`)}
        label={t('backupUi.s3.pathStyle')}
        help={t('backupUi.s3.pathStyleHelp')}
        checked={s3.forcePathStyle}
        onChange={(forcePathStyle) => set({ forcePathStyle })}
      />
    </div>
  );
}
