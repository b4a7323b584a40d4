// How a backup target is named in reports, logs and the UI: where it is, never a secret.
import path from 'node:path';
import type { FtpTargetConfig, S3TargetConfig, TargetConfig } from './backup-target.js';

export function describeTarget(config: TargetConfig): string {
  switch (config.kind) {
    case 'local': {
      const base = path.normalize(config.path);
      if (config.label) return `${base} (disk ${config.label})`;
      return config.uuid ? `${base} (disk UUID ${config.uuid})` : base;
    }
    case 'ftp':
      return describeFtp(config);
    case 's3':
      return describeS3(config);
  }
}

/** `ftp://user@host:21/folder`; FTPS as `ftpes://` (explicit) or `ftps://` (implicit), as FileZilla writes them. */
function describeFtp(config: FtpTargetConfig): string {
  const scheme = config.tls === 'explicit' ? 'ftpes' : config.tls === 'implicit' ? 'ftps' : 'ftp';
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const folder = config.folder.startsWith('/') ? config.folder : `/${config.folder}`;
  return `${scheme}://${encodeURIComponent(config.user)}@${host}:${config.port}${folder}`;
}

function describeS3(config: S3TargetConfig): string {
  const trimmed = config.prefix.replace(/^\/+/, '');
  const prefix = trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
  return `s3://${config.bucket}/${prefix} (${config.endpoint ? shownEndpoint(config.endpoint) : `AWS ${config.region}`})`;
}

/** The endpoint without any user:password@ or query in it. */
export function shownEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, '')}`;
  } catch {
    return 'invalid endpoint';
  }
}
