// What the services capability needs from the package manager (apt on Debian).

export interface InstallProgress {
  phase: 'downloading' | 'installing';
  percent: number;
}

export interface PackageDriver {
  /** The packages of `names` that are not installed. */
  missing(names: readonly string[]): Promise<string[]>;
  /** Whether this process may install packages (root, apt present). */
  canInstall(): boolean;
  install(names: readonly string[], onProgress: (progress: InstallProgress) => void): Promise<void>;
}
