// Public surface of the services capability.
export { loadCatalog, loadCatalogEntry, CatalogError, type CatalogEntry } from './catalog.js';
export { ServiceManifest, SettingField, LocalizedText, type BuiltinKind } from './manifest.js';
export { Services, type ServicesDeps, type OpenPort, type BuiltinState } from './services.js';
export type { ServiceView, ReasonView } from './service-view.js';
export type {
  RuntimeDriver,
  RunSpec,
  RuntimeStatus,
  RuntimeState,
  ReadinessCheck,
} from './runtime-driver.js';
export type { PackageDriver, InstallProgress } from './package-driver.js';
export type { ServiceAccount, ServiceLocation } from './service-config.js';
export { validateSettings, defaultSettings, type SettingValues } from './settings.js';
