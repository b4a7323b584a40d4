// When the supervisor restarts a crashed service: exponential backoff, and when it gives up.

export interface RestartPolicy {
  /** Delay before the first restart; it doubles with each further crash in the window. */
  initialDelayMs: number;
  /** The longest delay between two restarts. */
  maxDelayMs: number;
  /** Restarts allowed within `windowMs`; the crash after that leaves the service failed. */
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxRestarts: 5,
  windowMs: 60_000,
};

export interface RestartDecision {
  restart: boolean;
  /** Crashes within the window, this one included. */
  crashes: number;
  delayMs: number;
  /** The crash times to remember for the next decision. */
  recent: number[];
}

/** Decides about the crash that happened at `now`, given the times of the earlier ones. */
export function decideRestart(
  earlierCrashes: readonly number[],
  now: number,
  policy: RestartPolicy,
): RestartDecision {
  const recent = [...earlierCrashes.filter((time) => now - time < policy.windowMs), now];
  const crashes = recent.length;
  const delayMs = Math.min(policy.initialDelayMs * 2 ** (crashes - 1), policy.maxDelayMs);
  return { restart: crashes <= policy.maxRestarts, crashes, delayMs, recent };
}
