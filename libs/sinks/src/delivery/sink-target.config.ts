import { CATALOGUE_DOMAINS, isValidRegionCode } from '@gongkai/domain';
import { z } from 'zod';
import { subscriptionFilterSchema } from '../subscriptions/subscription-filter';

/**
 * Configuration of one outbound HTTP target (a provincial trading platform or Credit China).
 * Several provincial targets may be configured side by side; each has its own queue, checkpoint,
 * circuit breaker and dead letters, keyed by `name`.
 */

const retrySchema = z.object({
  /** First backoff delay; later delays grow exponentially with decorrelated jitter. */
  initialDelayMs: z.number().int().positive().default(250),
  /** Cap of a single backoff delay. */
  maxDelayMs: z.number().int().positive().default(60_000),
  /**
   * Failed attempts (made while the circuit was closed) after which an event is dead-lettered.
   * Attempts made while the target is known to be down (circuit open or half-open) or throttling (429)
   * do not count: an outage delays delivery, it never dead-letters an event.
   */
  maxAttempts: z.number().int().positive().default(8),
});

const circuitBreakerSchema = z.object({
  /** Consecutive target failures (network, timeout, 5xx, 408) that open the circuit. */
  consecutiveFailures: z.number().int().positive().default(5),
  /** How long the circuit stays open before one probe request is let through. */
  halfOpenAfterMs: z.number().int().positive().default(10_000),
});

const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
  z.object({ type: z.literal('basic'), username: z.string().min(1), password: z.string() }),
]);

/**
 * A GB/T 2260 prefix: 2 digits (province), 4 (prefecture) or 6 (county), of a real province. An event is in
 * the region when its `metadata.regionCode` starts with the prefix.
 */
export const regionPrefixSchema = z
  .string()
  .refine(
    (prefix) => /^\d{2}(\d{2}){0,2}$/.test(prefix) && isValidRegionCode(prefix.padEnd(6, '0')),
    'a GB/T 2260 region prefix of 2, 4 or 6 digits with a real province, e.g. "32", "3205" or "320602"',
  );

/** The catalogue domains a target takes; all when absent. */
const domainsSchema = z
  .array(z.enum(CATALOGUE_DOMAINS))
  .min(1, 'list at least one domain, or leave "domains" out for all of them')
  .optional();

const commonTargetFields = {
  /** Stable identifier: keys the checkpoint and the dead letters. Renaming a target restarts it from zero. */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, "-" and "_", at most 63 characters'),
  url: z.url({ protocol: /^https?$/ }),
  enabled: z.boolean().default(true),
  /** Deliver events `gongkai import` brought in as history (`metadata.imported`): off, they are not news. */
  pushImported: z.boolean().default(false),
  /** Extra request headers (for example an API key header the platform requires). */
  headers: z.record(z.string(), z.string()).default({}),
  auth: authSchema.optional(),
  /** Per-request timeout. */
  timeoutMs: z.number().int().positive().default(10_000),
  retry: retrySchema.prefault({}),
  circuitBreaker: circuitBreakerSchema.prefault({}),
  /** Upper bound on a server-requested Retry-After pause. */
  maxRetryAfterMs: z.number().int().positive().default(300_000),
  /** Requests in flight at once to this target (streams beyond this wait their turn). */
  concurrency: z.number().int().positive().max(256).default(4),
  /** Events read ahead of delivery and kept in memory; reading pauses when reached. */
  maxBufferedEvents: z.number().int().positive().default(2_000),
  /** Routing: only events of these catalogue domains go to the target (all when absent). */
  domains: domainsSchema,
};

const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a field name of letters, digits and "_"');

/** A province's departures from the national data specification (ProvinceOverride). */
const provinceOverrideSchema = z.object({
  dataSets: z
    .record(
      z.string().regex(/^\d{3,4}$/, 'a national data set code such as "513"'),
      z.object({
        code: z.string().min(1).optional(),
        name: z.string().min(1).optional(),
        fields: z.record(fieldName, fieldName).optional(),
      }),
    )
    .optional(),
  codes: z.record(z.string(), z.union([z.string(), z.record(z.string(), z.string())])).optional(),
  skip: z
    .array(z.string().regex(/^(\*|[a-z_]+):[A-Za-z]+$/, '"domain:EventType" or "*:EventType"'))
    .optional(),
});

/** 省级公共资源交易平台: national data specification data sets. */
export const provincialPlatformTargetSchema = z.object({
  ...commonTargetFields,
  kind: z.literal('provincial-platform'),
  /**
   * Routing: the jurisdictions whose events this platform takes (GB/T 2260 prefixes), all in one province,
   * since the records name one province's platform (`platformCode`). Required: a provincial platform takes
   * its own province's records, never another's.
   */
  regions: z
    .array(regionPrefixSchema, {
      error: (issue) =>
        issue.input === undefined
          ? 'required: the GB/T 2260 prefixes of the jurisdictions this platform takes, e.g. ["32"]'
          : undefined,
    })
    .min(1, 'list at least one GB/T 2260 prefix, e.g. ["32"]')
    .refine(
      (prefixes) => new Set(prefixes.map((prefix) => prefix.slice(0, 2))).size <= 1,
      "all in one province: a platform code names one province's platform (configure a target per province)",
    ),
  /** PLATFORM_CODE: identification code of the trading platform that produced the data (this system). */
  platformCode: z.string().min(1),
  /** PUB_SERVICE_PLAT_CODE: code of the public service platform the data is pushed to. */
  pubServicePlatCode: z.string().min(1),
  /**
   * Where the province's interface document differs from the national specification: its data set codes
   * and names, field names, code-table values, and the stages it does not take (docs/sinks.md).
   */
  province: provinceOverrideSchema.optional(),
});

/** 信用中国 / public credit information sharing platform: 双公示 and blacklist records. */
export const creditChinaTargetSchema = z.object({
  ...commonTargetFields,
  kind: z.literal('credit-china'),
  /** Routing: the jurisdictions whose events go to the target (GB/T 2260 prefixes); all when absent. */
  regions: z.array(regionPrefixSchema).min(1, 'list at least one prefix, or leave "regions" out').optional(),
  /** cf_sjly / cf_sjlydm fallback when an event does not name its publishing organisation. */
  dataSourceName: z.string().min(1).optional(),
  dataSourceCode: z.string().min(1).optional(),
});

/**
 * A subscription by need (按需定制、精准推送): a subscriber's webhook receives, as CloudEvents of the public view,
 * the events of its `regions` and `domains` that its `filter` matches (docs/sinks.md, Subscriptions).
 */
export const webhookTargetSchema = z.object({
  ...commonTargetFields,
  kind: z.literal('webhook'),
  /** Routing: the jurisdictions whose events go to the subscriber (GB/T 2260 prefixes); all when absent. */
  regions: z.array(regionPrefixSchema).min(1, 'list at least one prefix, or leave "regions" out').optional(),
  /** Stages, publishers, parties (and domains) the subscriber wants; everything routed when absent. */
  filter: subscriptionFilterSchema.prefault({}),
  /** CloudEvents `source` of the documents sent. */
  source: z.string().min(1).default('/gongkai'),
});

export const sinkTargetConfigSchema = z.discriminatedUnion('kind', [
  provincialPlatformTargetSchema,
  creditChinaTargetSchema,
  webhookTargetSchema,
]);

export const sinkTargetsConfigSchema = z.array(sinkTargetConfigSchema).superRefine((targets, ctx) => {
  const seen = new Set<string>();
  for (const [index, target] of targets.entries()) {
    if (seen.has(target.name)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `duplicate target name "${target.name}"`,
      });
    }
    seen.add(target.name);
  }
});

export type SinkTargetConfigInput = z.input<typeof sinkTargetConfigSchema>;
export type SinkTargetConfig = z.output<typeof sinkTargetConfigSchema>;
export type ProvincialPlatformTargetConfig = z.output<typeof provincialPlatformTargetSchema>;
export type CreditChinaTargetConfig = z.output<typeof creditChinaTargetSchema>;
export type WebhookTargetConfig = z.output<typeof webhookTargetSchema>;

export class InvalidSinkConfiguration extends Error {
  readonly code = 'INVALID_SINK_CONFIGURATION';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSinkConfiguration';
  }
}

/** Parses and defaults target configuration; throws InvalidSinkConfiguration with a readable message. */
export function parseSinkTargets(input: unknown): SinkTargetConfig[] {
  const result = sinkTargetsConfigSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidSinkConfiguration(
      `Invalid sink target configuration:\n${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

/** The target URL without credentials or query string, safe for logs, status and metrics. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
