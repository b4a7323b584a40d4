// Finds the home network(s): the private networks this server's interfaces are attached to.
import { networkInterfaces } from 'node:os';
import { parseNetwork } from './firewall-plan.js';

const PRIVATE_V4 = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./];

export function detectHomeNetworks(interfaces = networkInterfaces()): string[] {
  const networks = new Set<string>();
  for (const addresses of Object.values(interfaces)) {
    for (const a of addresses ?? []) {
      if (a.internal || !a.cidr) continue;
      const home =
        (a.family === 'IPv4' && PRIVATE_V4.some((re) => re.test(a.address))) ||
        // Unique local (fd00::/8) and link-local (fe80::/10) IPv6 networks are home-only by definition.
        (a.family === 'IPv6' && /^fd/i.test(a.address));
      const network = home ? parseNetwork(a.cidr) : null;
      if (network) networks.add(network.cidr);
    }
  }
  networks.add('fe80::/10');
  return [...networks].sort();
}
