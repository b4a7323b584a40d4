// The firewall capability: turns the open ports of running services into the whole desired ruleset.
import { isHausmeisterError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { FirewallDriver, FirewallPlan, PortRule, Protocol } from './firewall-driver.js';

export interface FirewallStatus {
  driver: FirewallDriver['name'];
  rendered: string;
  appliedAt: string | null;
  error: { messageKey: string; params: Record<string, string | number> } | null;
  homeNetworks: string[];
}

export interface FirewallDeps {
  driver: FirewallDriver;
  cockpitPort: number;
  /** Networks that count as "home": services are reachable from these only, until exposed. */
  homeNetworks: string[];
  log: Logger;
}

export class Firewall {
  readonly #deps: FirewallDeps;
  #status: FirewallStatus;
  #chain: Promise<void> = Promise.resolve();
  readonly #listeners = new Set<(status: FirewallStatus) => void>();

  constructor(deps: FirewallDeps) {
    this.#deps = deps;
    this.#status = {
      driver: deps.driver.name,
      rendered: '',
      appliedAt: null,
      error: null,
      homeNetworks: deps.homeNetworks,
    };
  }

  status(): FirewallStatus {
    return this.#status;
  }

  planFor(ports: readonly { serviceId: string; port: number; protocol: Protocol }[]): FirewallPlan {
    const rules: PortRule[] = ports.map((p) => ({ ...p, sources: this.#deps.homeNetworks }));
    return { cockpitPort: this.#deps.cockpitPort, homeNetworks: this.#deps.homeNetworks, rules };
  }

  /**
   * Applies the ruleset for exactly these open ports. Calls are queued so rulesets never race; a failed
   * apply leaves the previous rules in force (the driver restores them) and is reported in status().
   */
  sync(ports: readonly { serviceId: string; port: number; protocol: Protocol }[]): Promise<void> {
    const plan = this.planFor(ports);
    this.#chain = this.#chain.then(async () => {
      try {
        const result = await this.#deps.driver.apply(plan);
        this.#status = {
          ...this.#status,
          rendered: result.rendered,
          error: null,
          appliedAt: result.changed
            ? new Date().toISOString()
            : (this.#status.appliedAt ?? new Date().toISOString()),
        };
      } catch (error) {
        this.#deps.log.error({ err: error }, 'firewall apply failed; previous rules stay in force');
        this.#status = {
          ...this.#status,
          error: isHausmeisterError(error)
            ? { messageKey: error.messageKey, params: error.params }
            : { messageKey: 'error.internal', params: {} },
        };
      }
      for (const listener of this.#listeners) listener(this.#status);
    });
    return this.#chain;
  }

  onChange(listener: (status: FirewallStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
