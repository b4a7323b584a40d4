// Slows down password guessing: per client address and per account, failures lock out for a growing time.

export interface ThrottlePolicy {
  /** Failures allowed before the first lockout. */
  freeAttempts: number;
  /** First lockout; doubles with each further failure, up to maxLockoutMs. */
  baseLockoutMs: number;
  maxLockoutMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeAttempts: 5,
  baseLockoutMs: 30_000,
  maxLockoutMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};

interface Record {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export class LoginThrottle {
  readonly #records = new Map<string, Record>();
  readonly #policy: ThrottlePolicy;
  readonly #now: () => number;

  constructor(policy: ThrottlePolicy = DEFAULT_THROTTLE, now: () => number = Date.now) {
    this.#policy = policy;
    this.#now = now;
  }

  /** Seconds until `keys` may try again; 0 when none of them is locked. */
  retryAfterSeconds(keys: readonly string[]): number {
    const now = this.#now();
    const until = Math.max(0, ...keys.map((k) => this.#records.get(k)?.lockedUntil ?? 0));
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  fail(keys: readonly string[]): void {
    const now = this.#now();
    for (const key of keys) {
      const old = this.#records.get(key);
      const fresh = !old || now - old.lastFailure > this.#policy.windowMs;
      const failures = fresh ? 1 : old.failures + 1;
      const over = failures - this.#policy.freeAttempts;
      const lockout =
        over > 0 ? Math.min(this.#policy.baseLockoutMs * 2 ** (over - 1), this.#policy.maxLockoutMs) : 0;
      this.#records.set(key, { failures, lastFailure: now, lockedUntil: lockout ? now + lockout : 0 });
    }
    if (this.#records.size > 10_000) this.#forgetOld(now);
  }

  succeed(keys: readonly string[]): void {
    for (const key of keys) this.#records.delete(key);
  }

  #forgetOld(now: number): void {
    for (const [key, record] of this.#records) {
      if (now - record.lastFailure > this.#policy.windowMs && record.lockedUntil < now)
        this.#records.delete(key);
    }
  }
}
