// The firewall driver for running without root: touches nothing, but shows the nftables rules it would apply.
import type { FirewallDriver, FirewallPlan } from '../../capabilities/firewall/firewall-driver.js';
import { renderNftRuleset } from '../nftables/nftables-ruleset.js';

export function createOffFirewall(): FirewallDriver {
  let lastRendered: string | null = null;
  return {
    name: 'off',
    render: (plan: FirewallPlan) => renderNftRuleset(plan),
    async apply(plan) {
      const rendered = renderNftRuleset(plan);
      const changed = rendered !== lastRendered;
      lastRendered = rendered;
      return { changed, rendered };
    },
    async remove() {
      lastRendered = null;
    },
  };
}
