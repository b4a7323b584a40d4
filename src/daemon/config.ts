// The daemon's configuration: embedded defaults, overridden by HAUSMEISTER_* environment variables.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type FirewallChoice = 'nftables' | 'ufw' | 'off';
export type RuntimeChoice = 'supervisor' | 'systemd';

export interface DaemonConfig {
  /** `embedded`: data in ./data, nothing needs root. `install`: a real box (systemd, firewall for real). */
  mode: 'embedded' | 'install';
  host: string;
  port: number;
  dataDir: string;
  hostRoot: string;
  catalogDir: string;
  webRoot: string;
  firewall: FirewallChoice;
  runtime: RuntimeChoice;
  /** Empty = detect from the network interfaces. */
  homeNetworks: string[];
  isRoot: boolean;
}

export class ConfigError extends Error {}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function pick<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '' || value === 'auto') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): DaemonConfig {
  const mode = pick('HAUSMEISTER_MODE', env.HAUSMEISTER_MODE, ['embedded', 'install'], 'embedded');
  const isRoot = process.getuid?.() === 0;
  const port = Number(env.HAUSMEISTER_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`HAUSMEISTER_PORT must be a port number (got "${env.HAUSMEISTER_PORT}")`);
  const installed = mode === 'install';
  const defaultFirewall: FirewallChoice = !installed
    ? 'off'
    : existsSync('/usr/sbin/nft')
      ? 'nftables'
      : existsSync('/usr/sbin/ufw')
        ? 'ufw'
        : 'off';
  return {
    mode,
    host: env.HAUSMEISTER_HOST ?? (installed ? '0.0.0.0' : '127.0.0.1'),
    port,
    dataDir: path.resolve(env.HAUSMEISTER_DATA_DIR ?? (installed ? '/var/lib/hausmeister' : 'data')),
    hostRoot: path.resolve(env.HAUSMEISTER_HOST_ROOT ?? '/'),
    catalogDir: path.resolve(env.HAUSMEISTER_CATALOG_DIR ?? path.join(projectRoot, 'catalog')),
    webRoot: path.resolve(env.HAUSMEISTER_WEB_ROOT ?? path.join(projectRoot, 'web', 'dist')),
    firewall: pick(
      'HAUSMEISTER_FIREWALL',
      env.HAUSMEISTER_FIREWALL,
      ['nftables', 'ufw', 'off'],
      defaultFirewall,
    ),
    runtime: pick(
      'HAUSMEISTER_RUNTIME',
      env.HAUSMEISTER_RUNTIME,
      ['supervisor', 'systemd'],
      installed && existsSync('/run/systemd/system') ? 'systemd' : 'supervisor',
    ),
    homeNetworks: (env.HAUSMEISTER_HOME_NETWORKS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    isRoot,
  };
}
