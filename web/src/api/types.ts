// The shapes of the daemon's API (GET/POST /api/v1/…) as the UI sees them.

export type Language = 'de' | 'en';
export type Localized = Record<Language, string>;
export type Params = Record<string, string | number>;

export interface SessionState {
  setupRequired: boolean;
  user: { name: string; role: 'owner' | 'user' } | null;
  csrfToken: string | null;
}

export type ServiceState = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

export interface SettingField {
  key: string;
  type: 'string' | 'integer' | 'boolean' | 'enum' | 'port';
  label: Localized;
  help: Localized;
  default: string | number | boolean;
  required?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  pattern?: string;
  patternHint?: Localized;
  options?: { value: string; label: Localized }[];
}

export type SettingValue = string | number | boolean;

export interface Reason {
  messageKey: string;
  params: Params;
  detail?: string;
}

export interface ServiceView {
  id: string;
  name: Localized;
  description: Localized;
  icon: string;
  locked: boolean;
  builtin: boolean;
  state: ServiceState;
  enabled: boolean;
  pending: boolean;
  since: string;
  restarts: number;
  reason: Reason | null;
  ports: { port: number; protocol: 'tcp' | 'udp'; purpose: Localized }[];
  webEntry: { path: string; subdomain: string; url: string; label?: Localized } | null;
  settings: { fields: SettingField[]; values: Record<string, SettingValue> };
  packages: { required: string[]; missing: string[]; installable: boolean };
  expose: { available: boolean; reasonKey: string };
}

export interface FirewallStatus {
  driver: 'nftables' | 'ufw' | 'off';
  rendered: string;
  appliedAt: string | null;
  error: { messageKey: string; params: Params } | null;
  homeNetworks: string[];
}

export interface InstallProgress {
  serviceId: string;
  phase: 'downloading' | 'installing' | 'done' | 'failed';
  percent: number;
  messageKey?: string;
}

export interface FieldError {
  field: string;
  messageKey: string;
  params?: Params;
}
