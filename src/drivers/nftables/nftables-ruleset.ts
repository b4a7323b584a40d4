// Turns a firewall plan into the one nftables table Hausmeister owns (`table inet hausmeister`).
import type { FirewallPlan, Protocol } from '../../capabilities/firewall/firewall-driver.js';
import { checkFirewallPlan, COCKPIT_TAG, type Network } from '../../capabilities/firewall/firewall-plan.js';

export const NFT_TABLE = 'inet hausmeister';
/**
 * Removes our table whether or not it exists: declaring an empty table first makes the delete
 * always valid, and nft runs the whole file as one transaction.
 */
export const NFT_TABLE_REMOVAL = `table ${NFT_TABLE} {}\ndelete table ${NFT_TABLE}\n`;

// RFC 4890 §4.4.1: the error messages, echo, neighbour discovery and multicast listener messages a host
// must accept, or IPv6 stops working on the link (neighbour discovery is the IPv6 ARP).
const ICMPV6_TYPES = [
  'destination-unreachable',
  'packet-too-big',
  'time-exceeded',
  'parameter-problem',
  'echo-request',
  'echo-reply',
  'nd-router-solicit',
  'nd-router-advert',
  'nd-neighbor-solicit',
  'nd-neighbor-advert',
  'mld-listener-query',
  'mld-listener-report',
  'mld-listener-done',
  'mld2-listener-report',
];

export function renderNftRuleset(plan: FirewallPlan): string {
  const checked = checkFirewallPlan(plan);
  const allows = [
    ...allowLines('tcp', checked.cockpitPort, checked.homeNetworks, COCKPIT_TAG),
    ...checked.rules.flatMap((rule) => allowLines(rule.protocol, rule.port, rule.sources, rule.tag)),
  ];
  const body = [
    'type filter hook input priority 0; policy drop;',
    'iif lo accept',
    'ct state established,related accept',
    'ct state invalid drop',
    'meta l4proto icmp accept',
    `icmpv6 type { ${ICMPV6_TYPES.join(', ')} } accept`,
    // Replies of a DHCPv6 server come from its link-local address to our client port; conntrack cannot
    // match them to our multicast request, so without this rule the box would lose its IPv6 address.
    'ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept',
    ...new Set(allows),
  ];
  return [
    '# Written by Hausmeister: replaced as a whole on every change; other tables are left alone.',
    NFT_TABLE_REMOVAL.trimEnd(),
    `table ${NFT_TABLE} {`,
    '\tchain input {',
    ...body.map((line) => `\t\t${line}`),
    '\t}',
    '}',
    '',
  ].join('\n');
}

function allowLines(protocol: Protocol, port: number, sources: Network[], tag: string): string[] {
  const accept = `${protocol} dport ${port} accept comment "${tag}"`;
  if (sources.length === 0) return [accept];
  const lines: string[] = [];
  for (const [family, match] of [
    [4, 'ip saddr'],
    [6, 'ip6 saddr'],
  ] as const) {
    const cidrs = sources.filter((s) => s.family === family).map((s) => s.cidr);
    if (cidrs.length > 0) lines.push(`${match} { ${cidrs.join(', ')} } ${accept}`);
  }
  return lines;
}
