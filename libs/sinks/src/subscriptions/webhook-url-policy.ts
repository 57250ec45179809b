import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where a subscriber's webhook may point (server-side request forgery): only globally routable unicast
 * addresses, unless an operator allows a network (`allowedNetworks`, CIDR, for tests and intranets). Refused:
 * loopback, private (RFC 1918, unique local), link-local (169.254.0.0/16 with the cloud metadata endpoint,
 * fe80::/10), carrier-grade NAT, unspecified, multicast, broadcast, reserved and documentation ranges, and the
 * IPv6 forms that embed an IPv4 address (mapped, 6to4, NAT64, Teredo) unless the embedded address passes.
 * Checked at creation (the URL's host resolved) and again at every connection (a name that resolves
 * elsewhere later, DNS rebinding), and redirects are never followed.
 */
export interface WebhookAddressPolicy {
  /** CIDR networks allowed even though not public (`127.0.0.1/32`, `10.20.0.0/16`). */
  allowedNetworks: readonly string[];
}

export const DEFAULT_WEBHOOK_ADDRESS_POLICY: WebhookAddressPolicy = { allowedNetworks: [] };

export class WebhookUrlRefused extends Error {
  readonly code = 'WEBHOOK_URL_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUrlRefused';
  }
}

/** Throws when a CIDR of the policy does not parse (at start, naming it). */
export function parseAllowedNetworks(
  networks: readonly string[],
): Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> {
  return networks.map((cidr) => {
    try {
      return ipaddr.parseCIDR(cidr.trim());
    } catch {
      throw new TypeError(`"${cidr}" is not a CIDR network such as 10.0.0.0/8 or fd00::/8`);
    }
  });
}

/** Why an address is refused, or undefined when it may be connected to. */
export function refusedAddress(address: string, policy: WebhookAddressPolicy): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process(): an IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it is.
    parsed = ipaddr.process(address);
  } catch {
    return `${address} is not an IP address`;
  }
  for (const [network, bits] of parseAllowedNetworks(policy.allowedNetworks)) {
    if (parsed.kind() === network.kind() && parsed.match(network, bits)) return undefined;
  }
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  return `${address} is a ${range} address, not a public one`;
}

function hostOf(url: URL): string {
  // URL keeps IPv6 literals in brackets; a fully qualified name's final dot (localhost.) names the same host.
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.+$/, '')
    .toLowerCase();
}

/**
 * The URL's own checks, without DNS: http(s), no credentials in it, and an IP literal host that is allowed.
 * Returns the host to resolve (undefined for an IP literal already checked).
 */
export function checkWebhookUrlSyntax(raw: string, policy: WebhookAddressPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlRefused('the webhook URL does not parse');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookUrlRefused('the webhook URL must be http or https');
  if (url.username !== '' || url.password !== '')
    throw new WebhookUrlRefused('the webhook URL must not carry credentials');
  const host = hostOf(url);
  if (isIP(host) !== 0) {
    const refused = refusedAddress(host, policy);
    if (refused) throw new WebhookUrlRefused(`the webhook URL's host ${refused}`);
    return undefined;
  }
  if (host === 'localhost' || host.endsWith('.localhost'))
    throw new WebhookUrlRefused('the webhook URL names localhost');
  return host;
}

type Resolve = (host: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * Checks a subscriber's URL before it is stored: the syntax, then every address its host resolves to (one
 * refused address refuses the URL: a connection could pick it).
 */
export async function checkWebhookUrl(
  raw: string,
  policy: WebhookAddressPolicy,
  resolve: Resolve = systemResolve,
): Promise<void> {
  const host = checkWebhookUrlSyntax(raw, policy);
  if (host === undefined) return;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw new WebhookUrlRefused(
      `the webhook URL's host ${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (addresses.length === 0) throw new WebhookUrlRefused(`the webhook URL's host ${host} has no address`);
  for (const { address } of addresses) {
    const refused = refusedAddress(address, policy);
    if (refused) throw new WebhookUrlRefused(`the webhook URL's host ${host} resolves to ${refused}`);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `net.connect` that refuses a host resolving to any refused address: the check made when the
 * connection is opened, so a name re-pointed after creation (DNS rebinding) reaches nothing internal.
 */
export function guardedLookup(policy: WebhookAddressPolicy) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: LookupCallback,
  ) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const refused = refusedAddress(address, policy);
        if (refused) {
          // Its code (WEBHOOK_URL_REFUSED) makes the sink treat the attempt as final (a dead letter).
          return callback(new WebhookUrlRefused(`${hostname} resolves to ${refused}`), []);
        }
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}
