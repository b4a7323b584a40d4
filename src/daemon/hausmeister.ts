// The composition root: wires capabilities to drivers, and services to the firewall that follows them.
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { buildServer } from '../api/server.js';
import type { Backups } from '../capabilities/backup/index.js';
import { detectHomeNetworks, Firewall, type FirewallDriver } from '../capabilities/firewall/index.js';
import {
  loadCatalog,
  Services,
  type BuiltinKind,
  type BuiltinState,
  type CatalogEntry,
  type RuntimeDriver,
} from '../capabilities/services/index.js';
import { backupCheck, Notifications, SYSTEM_CHECKS } from '../capabilities/notifications/index.js';
import { MailOutbox, Smtp } from '../capabilities/smtp/index.js';
import { LoginThrottle, Sessions, UserAccounts } from '../capabilities/users/index.js';
import { createAptPackages } from '../drivers/apt/apt-packages.js';
import { createPendingUpdates } from '../drivers/apt/pending-updates.js';
import { createDiskHealth } from '../drivers/smartctl/disk-health.js';
import { listMountedDisks } from '../drivers/disks/mounted-disks.js';
import { createCommandRunner, type CommandRunner } from '../drivers/command-runner/command-runner.js';
import { createNodemailerTransport } from '../drivers/smtp-nodemailer/nodemailer-transport.js';
import { readSystem } from '../drivers/system-readings/proc-readings.js';
import { createOffFirewall } from '../drivers/firewall-off/off-firewall.js';
import { createNftablesFirewall } from '../drivers/nftables/nftables-firewall.js';
import { createSupervisor } from '../drivers/supervisor/supervisor.js';
import { createSystemdRuntime } from '../drivers/systemd/systemd-runtime.js';
import { createUfwFirewall } from '../drivers/ufw/ufw-firewall.js';
import { EventBus } from '../events/event-bus.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { Logger } from '../logger.js';
import { AuditLog } from '../store/audit-log.js';
import { openDatabase } from '../store/database.js';
import { NotificationStore } from '../store/notification-store.js';
import { OutboxStore } from '../store/outbox-store.js';
import { SecretBox } from '../store/secret-box.js';
import { ServiceStateStore } from '../store/service-state-store.js';
import { SmtpStore } from '../store/smtp-store.js';
import { createBackups } from './backup-wiring.js';
import type { DaemonConfig } from './config.js';
import { createPaths, type Paths } from './paths.js';

export interface Hausmeister {
  app: FastifyInstance;
  services: Services;
  firewall: Firewall;
  backups: Backups;
  paths: Paths;
  /** Starts listening and brings back the services that were on. Resolves with the bound address. */
  listen(): Promise<string>;
  /** Stops services cleanly, then the HTTP server and the database. */
  close(): Promise<void>;
}

export const VERSION = '0.1.0';

export async function createHausmeister(config: DaemonConfig, log: Logger): Promise<Hausmeister> {
  const paths = createPaths({
    dataDir: config.dataDir,
    hostRoot: config.hostRoot,
    webRoot: config.webRoot,
    catalogDir: config.catalogDir,
  });
  await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(paths.database);
  const runner = createCommandRunner({ log: (entry) => log.debug(entry, 'command') });
  const bus = new EventBus();
  const accounts = new UserAccounts(db);
  const sessions = new Sessions(db);
  sessions.purgeExpired();
  const audit = new AuditLog(db);
  const cliToken = await ensureCliToken(paths.cliToken);

  const homeNetworks = config.homeNetworks.length > 0 ? config.homeNetworks : detectHomeNetworks();
  const firewall = new Firewall({
    driver: createFirewallDriver(config, runner, paths, log),
    cockpitPort: config.port,
    homeNetworks,
    log: log.child({ capability: 'firewall' }),
  });
  const started = new Date().toISOString();
  const secrets = await SecretBox.open(paths.secretKey);
  const smtp = new Smtp({
    store: new SmtpStore(db),
    secrets,
    transport: createNodemailerTransport(),
    log: log.child({ capability: 'smtp' }),
    onChange: (view) => bus.publish('smtp', view),
  });
  const outbox = new MailOutbox({
    store: new OutboxStore(db),
    send: (mail) => smtp.send(mail),
    log: log.child({ capability: 'outbox' }),
  });
  const catalog = withCockpitPort(await loadCatalog(paths.catalogDir), config.port);
  const backups = await createBackups({
    db,
    paths,
    catalog,
    runner,
    secrets,
    log: log.child({ capability: 'backup' }),
    onChange: (event) => {
      bus.publish('backup', event);
      if (event.enabled !== undefined) services.notifyBuiltinChanged('backup');
    },
  });

  const builtinState = (kind: BuiltinKind): BuiltinState => {
    if (kind === 'cockpit') return { state: 'running', reason: null, since: started };
    if (kind === 'backup') {
      if (backups.isEnabled()) return { state: 'running', reason: null, since: started };
      const reason = backups.configured() ? null : { messageKey: 'backup.notice.notConfigured', params: {} };
      return { state: 'stopped', reason, since: started };
    }
    const status = firewall.status();
    if (status.error)
      return { state: 'failed', reason: { ...status.error }, since: status.appliedAt ?? started };
    const reason = status.driver === 'off' ? { messageKey: 'firewall.notice.off', params: {} } : null;
    return { state: 'running', reason, since: status.appliedAt ?? started };
  };

  const runtime = createRuntime(config, runner, paths, log);
  const services = new Services({
    catalog,
    store: new ServiceStateStore(db),
    runtime,
    packages: createAptPackages({ runner, isRoot: config.isRoot }),
    runChecker: async (argv) => void (await runner.runChecked(argv, { timeoutMs: 30_000 })),
    locate: (id) => ({
      configDir: paths.serviceConfigDir(id),
      dataDir: paths.serviceDataDir(id),
      runDir: paths.serviceRunDir(id),
      logFile: paths.serviceLog(id),
      runUser: userInfo().username,
    }),
    accounts: () => accounts.serviceAccounts(),
    builtinState,
    switchBuiltin: (kind, on, actor) => {
      if (kind === 'backup') backups.setEnabled(on, actor);
    },
    isRoot: config.isRoot,
    log: log.child({ capability: 'services' }),
  });
  await services.refreshPackages();
  const pendingUpdates = createPendingUpdates(runner);
  const diskHealth = createDiskHealth(runner);
  const notifications = new Notifications({
    store: new NotificationStore(db),
    checks: [
      ...SYSTEM_CHECKS,
      backupCheck(() => {
        const last = backups.lastBackup();
        const settings = backups.settingsView();
        return {
          enabled: settings.enabled,
          nextRunAt: settings.nextRunAt,
          last:
            last && last.state !== 'running' && last.state !== 'interrupted'
              ? { state: last.state, finishedAt: last.finishedAt ?? last.startedAt, files: last.files }
              : null,
        };
      }),
    ],
    readSystem: async (extra) => ({
      ...(await readSystem([paths.dataDir, ...extra], paths.thermalDir)),
      updates: await pendingUpdates(),
      disks: await diskHealth(),
    }),
    services: () =>
      services.list().map((view) => ({
        id: view.id,
        name: view.name,
        state: view.state,
        ok: view.state === 'running' || !view.enabled,
      })),
    smtpActive: () => smtp.isActive(),
    enqueue: (kind, mail) => outbox.enqueue(kind, mail),
    boxName: hostname(),
    bootId: await readFile(paths.bootIdFile, 'utf8').then(
      (id) => id.trim() || null,
      () => null,
    ),
    log: log.child({ capability: 'notifications' }),
  });

  // The firewall follows the services: ports open while their service runs, and close when it stops.
  services.onOpenPortsChange((ports) => void firewall.sync(ports));
  firewall.onChange((status) => {
    bus.publish('firewall', status);
    services.notifyBuiltinChanged('firewall');
  });
  services.onChange((view) => bus.publish('service', view));
  // A monitored service that fails raises its alert at once.
  services.onChange((view) => {
    if (view.state === 'failed' || view.state === 'running') void notifications.checkAlerts();
  });

  const app = await buildServer({
    log,
    accounts,
    sessions,
    throttle: new LoginThrottle(),
    audit,
    services,
    firewall,
    backups,
    smtp,
    outbox,
    notifications,
    listDisks: () => listMountedDisks(runner),
    bus,
    cliToken,
    webRoot: paths.webRoot,
    webEntryPaths: catalog.flatMap((e) =>
      e.manifest.webEntry && !e.manifest.builtin ? [e.manifest.webEntry.path] : [],
    ),
    version: VERSION,
  });

  let closed = false;
  let restoring: Promise<void> = Promise.resolve();
  return {
    app,
    services,
    firewall,
    backups,
    paths,
    async listen() {
      // The cockpit's own port is allowed before anything else happens, so it can never be locked out.
      await firewall.sync([]);
      const address = await app.listen({ host: config.host, port: config.port });
      restoring = runtime
        .reapLeftovers()
        .catch((error: unknown) => log.error({ err: error }, 'could not end services left by a previous run'))
        .then(() => services.restoreEnabled());
      backups.startSchedule();
      outbox.start();
      notifications.start();
      return address;
    },
    async close() {
      if (closed) return;
      closed = true;
      await restoring;
      await backups.close();
      await notifications.stop();
      await outbox.stop();
      await services.shutdown();
      await app.close();
      db.close();
    },
  };
}

function createFirewallDriver(
  config: DaemonConfig,
  runner: CommandRunner,
  paths: Paths,
  log: Logger,
): FirewallDriver {
  const options = { runner, workDir: paths.firewallDir, log: log.child({ driver: config.firewall }) };
  switch (config.firewall) {
    case 'nftables':
      return createNftablesFirewall(options);
    case 'ufw':
      return createUfwFirewall(options);
    case 'off':
      return createOffFirewall();
  }
}

function createRuntime(
  config: DaemonConfig,
  runner: CommandRunner,
  paths: Paths,
  log: Logger,
): RuntimeDriver {
  if (config.runtime === 'systemd') {
    return createSystemdRuntime({
      runner,
      unitDir: paths.systemdUnitDir,
      log: log.child({ driver: 'systemd' }),
    });
  }
  return createSupervisor({ log: log.child({ driver: 'supervisor' }), stateDir: paths.supervisorDir });
}

/** The cockpit's manifest names the default port; the one it really listens on is configured. */
function withCockpitPort(catalog: CatalogEntry[], port: number): CatalogEntry[] {
  return catalog.map((entry) => {
    const { manifest } = entry;
    if (manifest.builtin !== 'cockpit') return entry;
    const ports = manifest.ports.map((p) => ({ ...p, port }));
    const webEntry = manifest.webEntry && { ...manifest.webEntry, port };
    return { ...entry, manifest: { ...manifest, ports, webEntry } };
  });
}

/** The CLI authenticates with this token; only the owner of the data folder can read it. */
async function ensureCliToken(file: string): Promise<string> {
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) return existing.trim();
  const token = randomBytes(32).toString('base64url');
  await writeFileAtomic(file, `${token}\n`, 0o600);
  return token;
}
