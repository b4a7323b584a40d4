// Loads and checks the service catalog: one folder per service with manifest.yaml and templates/.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Schema from 'typebox/schema';
import { parse as parseYaml } from 'yaml';
import { ServiceManifest, type SettingField } from './manifest.js';
import { validateSettings } from './settings.js';

export interface CatalogEntry {
  manifest: ServiceManifest;
  /** Template text by template file name. */
  templates: Map<string, string>;
}

export class CatalogError extends Error {
  constructor(
    readonly entry: string,
    message: string,
  ) {
    super(`catalog/${entry}: ${message}`);
    this.name = 'CatalogError';
  }
}

export async function loadCatalog(catalogDir: string): Promise<CatalogEntry[]> {
  const folders = (await readdir(catalogDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const entries: CatalogEntry[] = [];
  for (const folder of folders) {
    entries.push(await loadCatalogEntry(path.join(catalogDir, folder)));
  }
  return entries;
}

export async function loadCatalogEntry(folder: string): Promise<CatalogEntry> {
  const name = path.basename(folder);
  const raw: unknown = parseYaml(await readFile(path.join(folder, 'manifest.yaml'), 'utf8'));
  // typebox/schema checks without loading the much larger typebox/value (start-up time on a Pi).
  const [valid, problems] = Schema.Errors(ServiceManifest, raw);
  if (!valid) {
    const summary = problems.slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new CatalogError(name, `invalid manifest: ${summary.join('; ')}`);
  }
  const manifest = raw as ServiceManifest;
  if (manifest.id !== name) throw new CatalogError(name, `id "${manifest.id}" must match the folder name`);
  checkManifestConsistency(manifest);
  const templates = new Map<string, string>();
  for (const file of manifest.configFiles) {
    templates.set(file.template, await readFile(path.join(folder, 'templates', file.template), 'utf8'));
  }
  return { manifest, templates };
}

/** Cross-field rules the schema cannot express. */
export function checkManifestConsistency(manifest: ServiceManifest): void {
  const fail = (message: string): never => {
    throw new CatalogError(manifest.id, message);
  };
  const keys = new Set<string>();
  for (const field of manifest.settings) {
    if (keys.has(field.key)) fail(`setting "${field.key}" declared twice`);
    keys.add(field.key);
  }
  const defaults = Object.fromEntries(manifest.settings.map((f) => [f.key, f.default]));
  const { errors } = validateSettings(manifest.settings, defaults);
  if (errors.length > 0) fail(`defaults violate their own rules: ${errors.map((e) => e.field).join(', ')}`);

  const portSetting = (ref: number | string, where: string): void => {
    if (typeof ref === 'number') return;
    const field = manifest.settings.find((f: SettingField) => f.key === ref);
    if (!field || field.type !== 'port') fail(`${where} refers to "${ref}", which is not a port setting`);
  };
  manifest.ports.forEach((p, i) => portSetting(p.port, `ports[${i}]`));
  if (manifest.webEntry) portSetting(manifest.webEntry.port, 'webEntry.port');
  if (manifest.run && 'tcp' in manifest.run.readiness)
    portSetting(manifest.run.readiness.tcp, 'run.readiness');
  if (!manifest.builtin && !manifest.run) fail('a service that is not built in needs "run"');
  // The cockpit and the firewall must always run; a built-in like the backup is switched by its owner.
  if ((manifest.builtin === 'cockpit' || manifest.builtin === 'firewall') && !manifest.locked)
    fail('the cockpit and the firewall are always locked');
}
