// Every host path the product reads or writes, derived from one root so tests run in a temp folder.
import path from 'node:path';

export interface Paths {
  /** Where state lives: the SQLite database, secrets, rendered service configs, service data. */
  dataDir: string;
  database: string;
  /** The CLI's local API token (mode 0600). */
  cliToken: string;
  /** Key that encrypts stored secrets. */
  secretKey: string;
  /** Rendered config files of service `id`. */
  serviceConfigDir(id: string): string;
  /** Persistent data of service `id` (backed up by later capabilities). */
  serviceDataDir(id: string): string;
  /** Runtime files (pid, sockets, locks) of service `id`. */
  serviceRunDir(id: string): string;
  /** Per-service log kept by the supervisor. */
  serviceLog(id: string): string;
  logsDir: string;
  /** The backup capability's own files (never backed up themselves). */
  backupDir: string;
  /** The backup job's manifest cache and database snapshots. */
  backupJobDir: string;
  /** The supervisor's record of running process groups. */
  supervisorDir: string;
  /** Scratch space for rendered-but-not-yet-applied files. */
  firewallDir: string;
  /** Where systemd units are written on a real install. */
  systemdUnitDir: string;
  /** The kernel's id of the current boot: tells a restart of the machine from one of the daemon. */
  bootIdFile: string;
  /** The kernel's thermal zones (CPU and board temperatures), where the machine has sensors. */
  thermalDir: string;
  /** The built web UI. */
  webRoot: string;
  /** The service catalog. */
  catalogDir: string;
}

export interface PathsOptions {
  dataDir: string;
  /** Prefix for system paths (`/` on a real box, a temp folder in tests). */
  hostRoot?: string;
  webRoot: string;
  catalogDir: string;
}

export function createPaths(options: PathsOptions): Paths {
  const dataDir = path.resolve(options.dataDir);
  const hostRoot = path.resolve(options.hostRoot ?? '/');
  return {
    dataDir,
    database: path.join(dataDir, 'hausmeister.sqlite'),
    cliToken: path.join(dataDir, 'cli-token'),
    secretKey: path.join(dataDir, 'secret.key'),
    serviceConfigDir: (id) => path.join(dataDir, 'services', id, 'config'),
    serviceDataDir: (id) => path.join(dataDir, 'services', id, 'data'),
    serviceRunDir: (id) => path.join(dataDir, 'services', id, 'run'),
    serviceLog: (id) => path.join(dataDir, 'logs', `${id}.log`),
    logsDir: path.join(dataDir, 'logs'),
    backupDir: path.join(dataDir, 'backup'),
    backupJobDir: path.join(dataDir, 'backup', 'job'),
    supervisorDir: path.join(dataDir, 'supervisor'),
    firewallDir: path.join(dataDir, 'firewall'),
    systemdUnitDir: path.join(hostRoot, 'etc', 'systemd', 'system'),
    bootIdFile: path.join(hostRoot, 'proc', 'sys', 'kernel', 'random', 'boot_id'),
    thermalDir: path.join(hostRoot, 'sys', 'class', 'thermal'),
    webRoot: path.resolve(options.webRoot),
    catalogDir: path.resolve(options.catalogDir),
  };
}
