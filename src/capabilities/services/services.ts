// The services capability: starts and stops catalog services, keeps their settings, reports their state.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { HausmeisterError, isHausmeisterError } from '../../errors.js';
import { writeConfigFiles } from '../../files/config-files.js';
import type { Logger } from '../../logger.js';
import type { CatalogEntry } from './catalog.js';
import type { BuiltinKind } from './manifest.js';
import type { PackageDriver } from './package-driver.js';
import type { RuntimeDriver, RuntimeState, RuntimeStatus } from './runtime-driver.js';
import {
  buildRunSpec,
  buildTemplateView,
  renderArgv,
  renderConfigFiles,
  resolvePort,
  type ServiceAccount,
  type ServiceLocation,
  type TemplateView,
} from './service-config.js';
import { buildServiceView, type ReasonView, type ServiceView } from './service-view.js';
import { defaultSettings, validateSettings, type SettingValues } from './settings.js';

export interface ServiceStateRepository {
  get(id: string): { enabled: boolean; settings: SettingValues } | null;
  enabledIds(): string[];
  setEnabled(id: string, enabled: boolean): void;
  setSettings(id: string, settings: SettingValues): void;
}

export interface OpenPort {
  serviceId: string;
  port: number;
  protocol: 'tcp' | 'udp';
}

export interface BuiltinState {
  state: RuntimeState;
  reason: ReasonView | null;
  since: string;
}

export interface ServicesDeps {
  catalog: CatalogEntry[];
  store: ServiceStateRepository;
  runtime: RuntimeDriver;
  packages: PackageDriver;
  /** Runs a service's own config checker (argv). Throws CONFIG_INVALID-worthy errors as COMMAND_FAILED. */
  runChecker(argv: string[]): Promise<void>;
  locate(id: string): ServiceLocation;
  accounts(): ServiceAccount[];
  builtinState(kind: BuiltinKind): BuiltinState;
  /** Switches a built-in that is not locked (the backup schedule) on or off; throws when it cannot. */
  switchBuiltin(kind: BuiltinKind, on: boolean, actor: string): void;
  isRoot: boolean;
  log: Logger;
}

type Listener = (view: ServiceView) => void;

export class Services {
  readonly #deps: ServicesDeps;
  readonly #entries: Map<string, CatalogEntry>;
  readonly #pending = new Map<string, 'start' | 'stop'>();
  readonly #lastError = new Map<string, ReasonView>();
  readonly #queue = new Map<string, Promise<unknown>>();
  readonly #missing = new Map<string, string[]>();
  readonly #listeners = new Set<Listener>();
  readonly #portListeners = new Set<(ports: OpenPort[]) => void>();

  constructor(deps: ServicesDeps) {
    this.#deps = deps;
    this.#entries = new Map(deps.catalog.map((e) => [e.manifest.id, e]));
    deps.runtime.onChange((status) => this.#onRuntimeChange(status));
  }

  /** Looks up which packages are missing; call once at start-up and after installs. */
  async refreshPackages(): Promise<void> {
    const all = [...this.#entries.values()].flatMap((e) => e.manifest.packages);
    const missing = new Set(await this.#deps.packages.missing([...new Set(all)]));
    for (const { manifest } of this.#entries.values()) {
      this.#missing.set(
        manifest.id,
        manifest.packages.filter((p) => missing.has(p)),
      );
    }
  }

  list(): ServiceView[] {
    return [...this.#entries.keys()].map((id) => this.get(id));
  }

  get(id: string): ServiceView {
    const entry = this.#entry(id);
    const manifest = entry.manifest;
    const stored = this.#deps.store.get(id);
    const settings = this.#settings(id);
    const base = {
      manifest,
      settings,
      pending: this.#pending.has(id),
      missingPackages: this.#missing.get(id) ?? [],
      installable: this.#deps.packages.canInstall(),
    };
    if (manifest.builtin) {
      const builtin = this.#deps.builtinState(manifest.builtin);
      const enabled = manifest.locked || builtin.state === 'running' || builtin.state === 'starting';
      return buildServiceView({ ...base, ...builtin, enabled, restarts: 0 });
    }
    const status = this.#deps.runtime.status(id);
    return buildServiceView({
      ...base,
      state: status.state,
      since: status.since,
      restarts: status.restarts,
      enabled: stored?.enabled ?? false,
      reason: this.#lastError.get(id) ?? runtimeReason(status),
    });
  }

  /** Starts a service: returns its view at once, and `done`, which settles with the outcome. */
  start(id: string, actor = 'system'): { view: ServiceView; done: Promise<ServiceView> } {
    this.#mutable(id);
    const { builtin } = this.#entry(id).manifest;
    if (builtin) return this.#switchBuiltin(id, builtin, true, actor);
    const done = this.#serialize(id, 'start', async () => {
      this.#deps.log.info({ service: id, actor }, 'starting service');
      await this.#startNow(id);
      this.#deps.store.setEnabled(id, true);
      return this.get(id);
    });
    return { view: this.get(id), done };
  }

  stop(id: string, actor = 'system'): { view: ServiceView; done: Promise<ServiceView> } {
    this.#mutable(id);
    const { builtin } = this.#entry(id).manifest;
    if (builtin) return this.#switchBuiltin(id, builtin, false, actor);
    const done = this.#serialize(id, 'stop', async () => {
      this.#deps.log.info({ service: id, actor }, 'stopping service');
      this.#deps.store.setEnabled(id, false);
      this.#lastError.delete(id);
      await this.#deps.runtime.stop(id);
      return this.get(id);
    });
    return { view: this.get(id), done };
  }

  /**
   * Validates and stores new settings. A running service is restarted with them; if it does not come
   * up, the previous settings and config files are restored and it is started again with them.
   */
  async updateSettings(id: string, input: Record<string, unknown>): Promise<ServiceView> {
    const entry = this.#entry(id);
    const previous = this.#settings(id);
    const { values, errors } = validateSettings(entry.manifest.settings, input, previous);
    if (errors.length > 0) {
      throw new HausmeisterError('BAD_INPUT', { messageKey: 'error.badInput', fields: errors });
    }
    return this.#serialize(id, null, async () => {
      const running = this.#isUp(id);
      this.#deps.store.setSettings(id, values);
      if (!running) return this.get(id);
      try {
        await this.#deps.runtime.stop(id);
        await this.#startNow(id);
      } catch (error) {
        this.#deps.log.warn({ service: id, err: error }, 'new settings failed, restoring the previous ones');
        this.#deps.store.setSettings(id, previous);
        await this.#deps.runtime.stop(id);
        await this.#startNow(id).catch((restoreError: unknown) =>
          this.#deps.log.error(
            { service: id, err: restoreError },
            'restart with the previous settings failed too',
          ),
        );
        throw error;
      }
      return this.get(id);
    });
  }

  async logs(id: string, lines: number): Promise<string[]> {
    const entry = this.#entry(id);
    if (entry.manifest.builtin) return [];
    return this.#deps.runtime.logs(id, lines);
  }

  /** Installs the service's missing Debian packages. */
  async install(
    id: string,
    onProgress: (progress: { phase: 'downloading' | 'installing'; percent: number }) => void,
  ): Promise<ServiceView> {
    const entry = this.#entry(id);
    const missing = await this.#deps.packages.missing(entry.manifest.packages);
    if (missing.length > 0) {
      if (!this.#deps.packages.canInstall()) {
        throw new HausmeisterError('FORBIDDEN', {
          messageKey: 'services.error.cannotInstall',
          params: { packages: missing.join(' ') },
        });
      }
      await this.#deps.packages.install(missing, onProgress);
    }
    this.#missing.set(id, await this.#deps.packages.missing(entry.manifest.packages));
    this.#emit(id);
    return this.get(id);
  }

  /** Brings back every service that was on before the daemon stopped. Failures are reported, not thrown. */
  async restoreEnabled(): Promise<void> {
    const ids = this.#deps.store
      .enabledIds()
      .filter((id) => this.#entries.has(id) && !this.#entry(id).manifest.builtin);
    await Promise.all(
      ids.map((id) =>
        this.start(id, 'boot').done.catch((error: unknown) =>
          this.#deps.log.warn({ service: id, err: error }, 'could not bring the service back after start-up'),
        ),
      ),
    );
  }

  /** Ports that are open because their service runs; the firewall follows these. */
  openPorts(): OpenPort[] {
    const ports: OpenPort[] = [];
    for (const entry of this.#entries.values()) {
      const { manifest } = entry;
      if (manifest.builtin) continue;
      if (this.#deps.runtime.status(manifest.id).state !== 'running') continue;
      const settings = this.#settings(manifest.id);
      for (const p of manifest.ports)
        ports.push({ serviceId: manifest.id, port: resolvePort(p.port, settings), protocol: p.protocol });
    }
    return ports;
  }

  /** Port of a running service's web interface, for the cockpit's proxy; null when it is not running. */
  webTarget(path: string): { serviceId: string; port: number } | null {
    for (const { manifest } of this.#entries.values()) {
      if (manifest.webEntry?.path !== path || manifest.builtin) continue;
      if (this.#deps.runtime.status(manifest.id).state !== 'running') return null;
      return {
        serviceId: manifest.id,
        port: resolvePort(manifest.webEntry.port, this.#settings(manifest.id)),
      };
    }
    return null;
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onOpenPortsChange(listener: (ports: OpenPort[]) => void): () => void {
    this.#portListeners.add(listener);
    return () => this.#portListeners.delete(listener);
  }

  /** Announces a builtin's state change (e.g. the firewall applied or failed). */
  notifyBuiltinChanged(kind: BuiltinKind): void {
    for (const { manifest } of this.#entries.values()) if (manifest.builtin === kind) this.#emit(manifest.id);
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled([...this.#queue.values()]);
    await this.#deps.runtime.stopAll();
  }

  async #startNow(id: string): Promise<void> {
    const { manifest } = this.#entry(id);
    this.#lastError.delete(id);
    try {
      const missing = await this.#deps.packages.missing(manifest.packages);
      this.#missing.set(id, missing);
      if (missing.length > 0) {
        throw new HausmeisterError('PACKAGE_MISSING', {
          messageKey: 'services.error.packageMissing',
          params: { packages: missing.join(' ') },
        });
      }
      if (manifest.run?.needsRoot && !this.#deps.isRoot) {
        throw new HausmeisterError('FORBIDDEN', { messageKey: 'services.error.needsRoot' });
      }
      const view = await this.#prepare(id);
      const spec = buildRunSpec(manifest, view, this.#deps.locate(id).logFile);
      if (spec) await this.#deps.runtime.start(spec);
    } catch (error) {
      this.#lastError.set(id, reasonOf(error));
      throw error;
    }
  }

  /** Renders, validates and writes the service's config files; creates its folders. */
  async #prepare(id: string): Promise<TemplateView> {
    const entry = this.#entry(id);
    const location = this.#deps.locate(id);
    for (const dir of [location.configDir, location.dataDir, location.runDir])
      await mkdir(dir, { recursive: true, mode: 0o750 });
    for (const dir of entry.manifest.dataDirs)
      await mkdir(`${location.dataDir}/${dir}`, { recursive: true, mode: 0o750 });
    for (const dir of entry.manifest.runDirs ?? []) {
      await mkdir(path.join(location.runDir, dir), { recursive: true, mode: 0o750 });
    }
    const view = buildTemplateView(entry.manifest, this.#settings(id), location, this.#deps.accounts());
    const files = renderConfigFiles(entry, view);
    const checker = entry.manifest.validate;
    await writeConfigFiles(
      files,
      checker
        ? async (stagingDir) => {
            try {
              await this.#deps.runChecker(renderArgv(checker, { ...view, configDir: stagingDir }));
            } catch (error) {
              throw new HausmeisterError('CONFIG_INVALID', {
                messageKey: 'services.error.configInvalid',
                params: {
                  output: isHausmeisterError(error) ? String(error.params.output ?? '') : String(error),
                },
                cause: error,
              });
            }
          }
        : undefined,
    );
    return view;
  }

  #serialize<T>(id: string, op: 'start' | 'stop' | null, work: () => Promise<T>): Promise<T> {
    const previous = this.#queue.get(id) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        if (op) this.#pending.set(id, op);
        this.#emit(id);
        try {
          return await work();
        } finally {
          if (op) this.#pending.delete(id);
          this.#emit(id);
          this.#emitPorts();
        }
      });
    this.#queue.set(id, next);
    void next
      .finally(() => {
        if (this.#queue.get(id) === next) this.#queue.delete(id);
      })
      .catch(() => undefined);
    return next;
  }

  #onRuntimeChange(status: RuntimeStatus): void {
    if (!this.#entries.has(status.id)) return;
    this.#emit(status.id);
    if (status.state === 'running' || status.state === 'stopped' || status.state === 'failed')
      this.#emitPorts();
  }

  #lastPorts = '';
  #emitPorts(): void {
    const ports = this.openPorts();
    const key = JSON.stringify(ports);
    if (key === this.#lastPorts) return;
    this.#lastPorts = key;
    for (const listener of this.#portListeners) listener(ports);
  }

  #emit(id: string): void {
    const view = this.get(id);
    for (const listener of this.#listeners) listener(view);
  }

  #isUp(id: string): boolean {
    const state = this.#deps.runtime.status(id).state;
    return state === 'running' || state === 'starting';
  }

  #settings(id: string): SettingValues {
    const fields = this.#entry(id).manifest.settings;
    const stored = this.#deps.store.get(id)?.settings ?? {};
    // Stored values outlive manifest changes: keep only keys that are still declared and still valid.
    const settings = defaultSettings(fields);
    for (const field of fields) {
      if (!(field.key in stored)) continue;
      const check = validateSettings([field], { [field.key]: stored[field.key] });
      if (check.errors.length === 0)
        settings[field.key] = check.values[field.key] as string | number | boolean;
    }
    return settings;
  }

  #entry(id: string): CatalogEntry {
    const entry = this.#entries.get(id);
    if (!entry)
      throw new HausmeisterError('NOT_FOUND', { messageKey: 'services.error.notFound', params: { id } });
    return entry;
  }

  /** A built-in switches at once (no process to wait for), so a refusal reaches the caller directly. */
  #switchBuiltin(
    id: string,
    builtin: BuiltinKind,
    on: boolean,
    actor: string,
  ): { view: ServiceView; done: Promise<ServiceView> } {
    this.#deps.log.info({ service: id, actor, on }, 'switching built-in service');
    this.#deps.switchBuiltin(builtin, on, actor);
    this.#emit(id);
    const view = this.get(id);
    return { view, done: Promise.resolve(view) };
  }

  #mutable(id: string): void {
    if (this.#entry(id).manifest.locked) {
      throw new HausmeisterError('LOCKED', { messageKey: 'services.error.locked', params: { id } });
    }
  }
}

function runtimeReason(status: RuntimeStatus): ReasonView | null {
  if (status.state !== 'failed') return null;
  return {
    messageKey: status.reasonKey ?? 'runtime.error.startFailed',
    params: { reason: status.reason ?? '' },
    detail: status.reason,
  };
}

function reasonOf(error: unknown): ReasonView {
  if (isHausmeisterError(error))
    return { messageKey: error.messageKey, params: error.params, detail: error.detail };
  return { messageKey: 'error.internal', params: {} };
}
