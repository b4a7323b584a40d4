// What the API and UI see of a service: its declaration, live state, settings and availability.
import type { LocalizedText, ServiceManifest, SettingField } from './manifest.js';
import type { RuntimeState } from './runtime-driver.js';
import { resolvePort } from './service-config.js';
import type { SettingValues } from './settings.js';

export interface ReasonView {
  messageKey: string;
  params: Record<string, string | number>;
  detail?: string;
}

export interface ServiceView {
  id: string;
  name: LocalizedText;
  description: LocalizedText;
  icon: string;
  locked: boolean;
  builtin: boolean;
  state: RuntimeState;
  enabled: boolean;
  pending: boolean;
  since: string;
  restarts: number;
  reason: ReasonView | null;
  ports: { port: number; protocol: 'tcp' | 'udp'; purpose: LocalizedText }[];
  webEntry: { path: string; subdomain: string; url: string; label: LocalizedText } | null;
  settings: { fields: SettingField[]; values: SettingValues };
  packages: { required: string[]; missing: string[]; installable: boolean };
  expose: { available: boolean; reasonKey: string };
}

export interface ViewInputs {
  manifest: ServiceManifest;
  settings: SettingValues;
  state: RuntimeState;
  enabled: boolean;
  pending: boolean;
  since: string;
  restarts: number;
  reason: ReasonView | null;
  missingPackages: string[];
  installable: boolean;
}

export function buildServiceView(input: ViewInputs): ServiceView {
  const { manifest, settings } = input;
  const web = manifest.webEntry;
  return {
    id: manifest.id,
    name: manifest.name,
    description: manifest.description,
    icon: manifest.icon,
    locked: manifest.locked,
    builtin: manifest.builtin !== undefined,
    state: input.state,
    enabled: input.enabled,
    pending: input.pending,
    since: input.since,
    restarts: input.restarts,
    reason: input.reason,
    ports: manifest.ports.map((p) => ({
      port: resolvePort(p.port, settings),
      protocol: p.protocol,
      purpose: p.purpose,
    })),
    // The cockpit proxies each web interface under its path, so the link works however the cockpit is reached.
    webEntry: web
      ? { path: web.path, subdomain: web.subdomain, url: `${web.path}/`, label: web.label }
      : null,
    settings: { fields: manifest.settings, values: settings },
    packages: { required: manifest.packages, missing: input.missingPackages, installable: input.installable },
    // Exposure needs configuration that a later capability builds. (Whether a service is monitored is
    // the notifications capability's: /api/v1/notifications.)
    expose: { available: false, reasonKey: 'services.expose.needsAccessConfig' },
  };
}
