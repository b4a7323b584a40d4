// Tells when a freshly started service is ready: its TCP port answers, or it simply stays alive.
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { ReadinessCheck } from '../../capabilities/services/runtime-driver.js';

export type ReadinessOutcome = 'ready' | 'timeout' | 'interrupted';

export interface ReadinessOptions {
  timeoutMs: number;
  /** Pause between two TCP probes. */
  pollMs: number;
  /** How long a service with readiness `none` must stay alive to count as ready. */
  graceMs: number;
  /** Aborted when the wait is pointless: the process exited, or the start was cancelled. */
  interrupt: AbortSignal;
}

/** True when something accepts a TCP connection on host:port. */
export function probeTcp(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: reachableHost(host), port });
    const finish = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export async function waitUntilReady(
  check: ReadinessCheck,
  options: ReadinessOptions,
): Promise<ReadinessOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  if (check.kind === 'none') {
    await pause(Math.min(options.graceMs, options.timeoutMs), options.interrupt);
    return options.interrupt.aborted ? 'interrupted' : 'ready';
  }
  for (;;) {
    if (options.interrupt.aborted) return 'interrupted';
    const remaining = deadline - Date.now();
    if (remaining <= 0) return 'timeout';
    if (await probeTcp(check.host, check.port, Math.min(remaining, 1000))) return 'ready';
    await pause(Math.min(options.pollMs, Math.max(deadline - Date.now(), 0)), options.interrupt);
  }
}

/** A service listening on every address is reached through loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

function pause(ms: number, interrupt: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal: interrupt }).catch(() => undefined);
}
