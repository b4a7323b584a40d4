// Public surface of the firewall capability.
export { Firewall, type FirewallStatus, type FirewallDeps } from './firewall.js';
export type {
  FirewallDriver,
  FirewallPlan,
  PortRule,
  Protocol,
  FirewallApplyResult,
} from './firewall-driver.js';
export { detectHomeNetworks } from './home-networks.js';
export {
  checkFirewallPlan,
  parseNetwork,
  tagFor,
  COCKPIT_TAG,
  type Network,
  type CheckedPlan,
  type CheckedRule,
} from './firewall-plan.js';
