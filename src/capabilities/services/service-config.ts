// Renders a service's config files and argv from its manifest, its settings and where it lives.
import Mustache from 'mustache';
import path from 'node:path';
import type { CatalogEntry } from './catalog.js';
import type { ServiceManifest } from './manifest.js';
import type { RunSpec } from './runtime-driver.js';
import type { SettingValues } from './settings.js';

export interface ServiceLocation {
  configDir: string;
  dataDir: string;
  runDir: string;
  logFile: string;
  /** The system user the service's files belong to. */
  runUser: string;
}

export interface ServiceAccount {
  name: string;
  /** bcrypt hash for services that check passwords themselves (Radicale's htpasswd). */
  bcrypt: string;
}

export interface RenderedFile {
  /** Absolute path inside the config folder. */
  path: string;
  content: string;
  mode: number;
}

export interface TemplateView {
  settings: SettingValues;
  /** `is.<enumKey>.<value>` is true for the chosen value: logic-less templates need flags, not comparisons. */
  is: Record<string, Record<string, true>>;
  configDir: string;
  dataDir: string;
  runDir: string;
  runUser: string;
  users: ServiceAccount[];
}

export function buildTemplateView(
  manifest: ServiceManifest,
  settings: SettingValues,
  location: ServiceLocation,
  users: ServiceAccount[],
): TemplateView {
  const is: TemplateView['is'] = {};
  for (const field of manifest.settings) {
    if (field.type === 'enum') is[field.key] = { [String(settings[field.key])]: true };
  }
  const { configDir, dataDir, runDir, runUser } = location;
  return { settings, is, configDir, dataDir, runDir, runUser, users };
}

/** Config values are not HTML: Mustache must not escape them (validation already forbids control characters). */
function render(template: string, view: TemplateView): string {
  return Mustache.render(template, view, {}, { escape: (value: unknown) => String(value) });
}

export function renderConfigFiles(entry: CatalogEntry, view: TemplateView): RenderedFile[] {
  return entry.manifest.configFiles.map((file) => ({
    path: path.join(view.configDir, file.path),
    content: render(entry.templates.get(file.template) ?? '', view),
    mode: file.mode ?? 0o644,
  }));
}

export function renderArgv(argv: readonly string[], view: TemplateView): string[] {
  return argv.map((arg) => render(arg, view));
}

/** A port reference is a number or the key of a port setting. */
export function resolvePort(ref: number | string, settings: SettingValues): number {
  return typeof ref === 'number' ? ref : Number(settings[ref]);
}

export function buildRunSpec(manifest: ServiceManifest, view: TemplateView, logFile: string): RunSpec | null {
  const run = manifest.run;
  if (!run) return null;
  return {
    id: manifest.id,
    argv: renderArgv(run.argv, view),
    env: run.env,
    cwd: view.dataDir,
    readiness:
      'tcp' in run.readiness
        ? { kind: 'tcp', host: '127.0.0.1', port: resolvePort(run.readiness.tcp, view.settings) }
        : { kind: 'none' },
    readyTimeoutMs: run.readyTimeoutMs,
    stopTimeoutMs: run.stopTimeoutMs,
    logFile,
  };
}
