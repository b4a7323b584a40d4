// What the firewall capability needs from a firewall backend (nftables, UFW, or off).

export type Protocol = 'tcp' | 'udp';

export interface PortRule {
  /** Service that owns the rule; used in comments/tags so only our rules are touched. */
  serviceId: string;
  port: number;
  protocol: Protocol;
  /** Allowed source networks in CIDR notation (IPv4 or IPv6). Empty = from anywhere. */
  sources: string[];
}

/** The whole desired state: drivers render it completely, never as a diff of remembered steps. */
export interface FirewallPlan {
  /** The cockpit's own port; always allowed from the home networks, whatever else happens. */
  cockpitPort: number;
  homeNetworks: string[];
  rules: PortRule[];
}

export interface FirewallApplyResult {
  /** false when the rendered result equals what is already applied (nothing was done). */
  changed: boolean;
  /** What was applied, in the backend's own syntax, for the UI's "show rules". */
  rendered: string;
}

export interface FirewallDriver {
  readonly name: 'nftables' | 'ufw' | 'off';
  /** The backend's own text for a plan, without touching the host. */
  render(plan: FirewallPlan): string;
  /**
   * Validates with the backend's own checker, applies atomically (or rule by rule where the backend
   * cannot), and on any failure restores the previous rules and throws APPLY_FAILED with both errors.
   */
  apply(plan: FirewallPlan): Promise<FirewallApplyResult>;
  /** Removes everything this driver put on the host (e.g. `hausmeister` table, tagged UFW rules). */
  remove(): Promise<void>;
}
