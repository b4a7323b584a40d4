// The in-process event bus: capabilities publish typed events, the live stream forwards them to the UI.
import { EventEmitter } from 'node:events';

export interface EventMap {
  service: unknown;
  firewall: unknown;
  /** The running backup job (null when none runs) and, at its end, the finished run. */
  backup: unknown;
  /** The SMTP account view after each change (never the password). */
  smtp: unknown;
  install: {
    serviceId: string;
    phase: 'downloading' | 'installing' | 'done' | 'failed';
    percent: number;
    messageKey?: string;
  };
}

export type EventName = keyof EventMap;

export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every open browser tab is one listener; do not warn at the default of 10.
    this.#emitter.setMaxListeners(0);
  }

  publish<K extends EventName>(name: K, data: EventMap[K]): void {
    this.#emitter.emit('event', name, data);
  }

  subscribe(listener: <K extends EventName>(name: K, data: EventMap[K]) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }
}
