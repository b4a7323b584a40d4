// What the services capability needs from a service runtime (built-in supervisor or systemd).

export type RuntimeState = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

export type ReadinessCheck = { kind: 'tcp'; host: string; port: number } | { kind: 'none' };

export interface RunSpec {
  /** Service id; also names the process group, unit and log. */
  id: string;
  /** Program and arguments; never a shell string. */
  argv: string[];
  env?: Record<string, string>;
  cwd?: string;
  readiness: ReadinessCheck;
  /** How long the service may take to become ready before start fails. Default 15 s. */
  readyTimeoutMs?: number;
  /** SIGTERM, then SIGKILL after this long. Default 10 s. */
  stopTimeoutMs?: number;
  /** Where the runtime appends the service's stdout and stderr. */
  logFile: string;
}

export interface RuntimeStatus {
  id: string;
  state: RuntimeState;
  pid?: number;
  /** ISO time of the last state change. */
  since: string;
  /** Why the service is failed (or why the last start did not succeed), in plain words for the log/UI. */
  reason?: string;
  /** Translation key for the reason, when known (e.g. `runtime.reason.portInUse`). */
  reasonKey?: string;
  /** Automatic restarts after crashes since the last explicit start. */
  restarts: number;
}

export interface RuntimeDriver {
  readonly name: 'supervisor' | 'systemd';
  /**
   * Starts the service and resolves once its readiness check passes. Starting a running service
   * is a no-op (no second process). Rejects with a HausmeisterError START_FAILED carrying the reason.
   */
  start(spec: RunSpec): Promise<RuntimeStatus>;
  /** Stops the service (SIGTERM, then SIGKILL after the timeout). Stopping a stopped service is a no-op. */
  stop(id: string): Promise<RuntimeStatus>;
  status(id: string): RuntimeStatus;
  /** The last `lines` lines of the service's log. */
  logs(id: string, lines: number): Promise<string[]>;
  /** Called on every state change, including crashes and automatic restarts. Returns an unsubscribe. */
  onChange(listener: (status: RuntimeStatus) => void): () => void;
  /** Stops every service this runtime started (daemon shutdown). */
  stopAll(): Promise<void>;
  /**
   * Ends services that a previous daemon left running when it was killed without stopping them
   * (a no-op where services are meant to outlive the daemon, as under systemd). Called once at start-up.
   */
  reapLeftovers(): Promise<void>;
}
