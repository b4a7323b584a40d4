// Checks a firewall plan before any backend renders it: every value validated, one canonical order.
import { isIP, SocketAddress } from 'node:net';
import { HausmeisterError } from '../../errors.js';
import type { FirewallPlan, Protocol } from './firewall-driver.js';

export const COCKPIT_TAG = 'hausmeister:cockpit';

/** The tag (nft comment, UFW comment) that marks a rule as ours, e.g. `hausmeister:radicale`. */
export function tagFor(serviceId: string): string {
  return `hausmeister:${serviceId}`;
}

export interface Network {
  family: 4 | 6;
  /** Canonical `address/prefix` with the host bits cleared, e.g. `10.99.1.0/24`, `fe80::/10`. */
  cidr: string;
}

export interface CheckedRule {
  tag: string;
  port: number;
  protocol: Protocol;
  /** Empty means from anywhere. */
  sources: Network[];
}

/** A plan whose every value was checked and put in one canonical order, so equal plans render equal text. */
export interface CheckedPlan {
  cockpitPort: number;
  homeNetworks: Network[];
  rules: CheckedRule[];
}

// Same pattern as a catalog id (manifest.ts); it also keeps quotes and spaces out of nft and UFW comments.
const SERVICE_ID = /^[a-z][a-z0-9-]{0,31}$/;
const CIDR_SYNTAX = /^([0-9a-fA-F:.]+)(?:\/(0|[1-9][0-9]{0,2}))?$/;

/** Checks every value of a plan (never trusting the caller) and sorts it; throws CONFIG_INVALID. */
export function checkFirewallPlan(plan: FirewallPlan): CheckedPlan {
  if (typeof plan !== 'object' || plan === null) throw invalidPlan('plan', String(plan));
  const cockpitPort = checkPort(plan.cockpitPort, 'cockpitPort');
  const homeNetworks = checkNetworks(plan.homeNetworks, 'homeNetworks');
  if (!Array.isArray(plan.rules)) throw invalidPlan('rules', String(plan.rules));
  const rules = plan.rules.map((rule, i): CheckedRule => {
    const field = `rules[${i}]`;
    if (typeof rule !== 'object' || rule === null) throw invalidPlan(field, String(rule));
    if (typeof rule.serviceId !== 'string' || !SERVICE_ID.test(rule.serviceId))
      throw invalidPlan(`${field}.serviceId`, String(rule.serviceId));
    if (rule.protocol !== 'tcp' && rule.protocol !== 'udp')
      throw invalidPlan(`${field}.protocol`, String(rule.protocol));
    return {
      tag: tagFor(rule.serviceId),
      port: checkPort(rule.port, `${field}.port`),
      protocol: rule.protocol,
      sources: checkNetworks(rule.sources, `${field}.sources`),
    };
  });
  rules.sort(
    (a, b) =>
      compareText(a.tag, b.tag) ||
      compareText(a.protocol, b.protocol) ||
      a.port - b.port ||
      compareText(sourcesKey(a), sourcesKey(b)),
  );
  return { cockpitPort, homeNetworks, rules };
}

function checkPort(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535)
    throw invalidPlan(field, String(value));
  return value;
}

function checkNetworks(value: unknown, field: string): Network[] {
  if (!Array.isArray(value)) throw invalidPlan(field, String(value));
  const networks = value.map((text, i) => {
    const network = typeof text === 'string' ? parseNetwork(text) : null;
    if (!network) throw invalidPlan(`${field}[${i}]`, String(text));
    return network;
  });
  const unique = new Map(networks.map((n) => [n.cidr, n]));
  return [...unique.values()].sort((a, b) => a.family - b.family || compareText(a.cidr, b.cidr));
}

/**
 * Parses `address/prefix` (or a bare address, meaning that one host) into its canonical form, or
 * returns null. Zone ids (`fe80::1%eth0`) and leading zeros are refused, host bits are cleared.
 */
export function parseNetwork(text: string): Network | null {
  const match = CIDR_SYNTAX.exec(text);
  const address = match?.[1];
  if (!match || !address) return null;
  const family = isIP(address);
  if (family !== 4 && family !== 6) return null;
  const bits = family === 4 ? 32 : 128;
  const prefix = match[2] === undefined ? bits : Number(match[2]);
  if (prefix > bits) return null;
  const bytes = family === 4 ? address.split('.').map(Number) : ipv6Bytes(address);
  const masked = bytes.map(
    (byte, i) => byte & (0xff << (8 - Math.min(8, Math.max(0, prefix - 8 * i)))) & 0xff,
  );
  return { family, cidr: `${family === 4 ? masked.join('.') : formatIpv6(masked)}/${prefix}` };
}

/** The 16 bytes of an address that `isIP` already accepted as IPv6 (`::` and a dotted IPv4 tail allowed). */
function ipv6Bytes(address: string): number[] {
  const groupsOf = (part: string | undefined): number[] =>
    part
      ? part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const [head, tail] = address.split('::');
  const headGroups = groupsOf(head);
  const tailGroups = groupsOf(tail);
  const zeros =
    tail === undefined ? [] : new Array<number>(8 - headGroups.length - tailGroups.length).fill(0);
  return [...headGroups, ...zeros, ...tailGroups].flatMap((group) => [group >> 8, group & 0xff]);
}

function formatIpv6(bytes: number[]): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // SocketAddress prints the RFC 5952 form (lower case, longest zero run as `::`).
  return new SocketAddress({ address: groups.join(':'), family: 'ipv6' }).address;
}

function sourcesKey(rule: CheckedRule): string {
  return rule.sources.map((s) => s.cidr).join(',');
}

// Plain code-unit order: localeCompare would make the output depend on the machine's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function invalidPlan(field: string, value: string): HausmeisterError {
  return new HausmeisterError('CONFIG_INVALID', {
    messageKey: 'firewall.error.invalidPlan',
    params: { field, value },
    detail: `firewall plan refused: ${field} = ${JSON.stringify(value)}`,
  });
}
