import { z } from 'zod';
import { loadSinkTargets, SinkTargetsFileError } from './sink-targets';
import {
  kafkaFeedConfigSchema,
  parseAllowedNetworks,
  type KafkaFeedConfig,
  type SinkTargetConfig,
} from '@gongkai/sinks';
import { parseVerifierKey } from '@gongkai/event-store';
import { OCID_PREFIX_PATTERN, PLACEHOLDER_OCID_PREFIX } from '@gongkai/domain';

/** Reads an integer from an environment string; empty means "not set". */
const intFromEnv = (min: number, max: number) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(min).max(max));

const optionalString = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

/** Every environment variable the service reads, with its default. One schema, validated once at start. */
export const configSchema = z
  .object({
    PORT: intFromEnv(0, 65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    GONGKAI_DATA_DIR: z.string().min(1).default('./data'),
    /** The first admin token; when unset a token is generated on the first start and printed once. */
    GONGKAI_ADMIN_TOKEN: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(16, 'must be at least 16 characters').optional(),
    ),
    GONGKAI_STORE: z.enum(['sqlite', 'eventstoredb']).default('sqlite'),
    EVENTSTORE_CONNECTION_STRING: optionalString,
    /** SQLite `synchronous` pragma of the event store: FULL survives power loss, NORMAL is faster. */
    GONGKAI_SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
    GONGKAI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Largest accepted request body; larger ones answer 413. */
    GONGKAI_BODY_LIMIT_BYTES: intFromEnv(1024, 256 * 1024 * 1024).default(8 * 1024 * 1024),
    /** Requests per minute per caller (token, or IP when anonymous); 0 turns rate limiting off. */
    GONGKAI_RATE_LIMIT_PER_MINUTE: intFromEnv(0, 100_000_000).default(120_000),
    /** How far `publishedAt` may lie after the recording time (clock skew) before the event is refused (422). */
    GONGKAI_PUBLISHED_AHEAD_TOLERANCE_SECONDS: intFromEnv(0, 10 * 366 * 86_400).default(300),
    /** Recording more than this many working days after `publishedAt` adds a RECORDED_LATE finding (补录). */
    GONGKAI_LATE_RECORDING_WORKING_DAYS: intFromEnv(0, 365).default(1),
    /** Most items in one `POST /v1/events:batch`. */
    GONGKAI_BATCH_MAX_ITEMS: intFromEnv(1, 100_000).default(10_000),
    /**
     * The log's origin (c2sp.org/tlog-checkpoint first line, also the name of its note key), e.g.
     * `ggzy.example.gov.cn/gongkai`. GONGKAI_CHECKPOINT_ORIGIN is its older name.
     */
    GONGKAI_LOG_ORIGIN: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string()
        .regex(/^[\x21-\x2a\x2c-\x7e]+$/, 'must be printable ASCII without spaces or "+"')
        .optional(),
    ),
    GONGKAI_CHECKPOINT_ORIGIN: z
      .string()
      .regex(/^[\x21-\x2a\x2c-\x7e]+$/, 'must be printable ASCII without spaces or "+"')
      .default('gongkai.local'),
    /**
     * Witnesses (c2sp.org/tlog-witness) each new checkpoint is submitted to: comma-separated entries
     * `<submission URL> <witness verifier key>`.
     */
    GONGKAI_WITNESSES: optionalString,
    /** How often a checkpoint is signed (and sent to the witnesses) when the log grew; 0: only on request. */
    GONGKAI_CHECKPOINT_INTERVAL_MS: intFromEnv(0, 24 * 3600 * 1000).default(10_000),
    /** How often the whole store is verified against the Merkle log in the background; 0 turns it off. */
    GONGKAI_INTEGRITY_VERIFY_INTERVAL_MS: intFromEnv(0, 30 * 24 * 3600 * 1000).default(6 * 3600 * 1000),
    /** A PKCS#8 PEM Ed25519 key for checkpoints; default: generated once under the data dir. */
    GONGKAI_CHECKPOINT_KEY_FILE: optionalString,
    /**
     * What this process runs: `api` serves HTTP only, `worker` runs the projections and sinks (HTTP only for
     * /health and /metrics), `all` does both.
     */
    GONGKAI_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
    /** A JSON array of sink targets (docs/sinks.md); sinks run only when it is set. */
    GONGKAI_SINK_TARGETS_FILE: optionalString,
    /**
     * Networks (comma-separated CIDR) a subscription's webhook may point into although they are not public
     * (loopback, private, link-local): for tests and intranets. None by default (docs/api.md, Subscriptions).
     */
    GONGKAI_WEBHOOK_ALLOWED_NETWORKS: optionalString,
    /** Most saved subscriptions one token holds. */
    GONGKAI_SUBSCRIPTIONS_PER_TOKEN: intFromEnv(0, 10_000).default(10),
    /** Most saved subscriptions in the service (each reads the store and delivers on its own). */
    GONGKAI_SUBSCRIPTIONS_MAX: intFromEnv(0, 100_000).default(500),
    /** A subscriber's webhook answers within this, or the attempt fails (and is retried). */
    GONGKAI_WEBHOOK_TIMEOUT_MS: intFromEnv(100, 600_000).default(10_000),
    /** Longest backoff between two attempts of one delivery to a subscriber. */
    GONGKAI_WEBHOOK_RETRY_MAX_DELAY_MS: intFromEnv(10, 3_600_000).default(60_000),
    /** While a subscriber is down (its circuit open), one probe request this often. */
    GONGKAI_WEBHOOK_PROBE_MS: intFromEnv(10, 3_600_000).default(15_000),
    /** Most SSE feed connections open at once in this process; beyond it 503 with Retry-After. */
    GONGKAI_FEED_MAX_CONNECTIONS: intFromEnv(1, 1_000_000).default(2_000),
    /** Most SSE feed connections of one caller (token, or address when anonymous). */
    GONGKAI_FEED_MAX_PER_CALLER: intFromEnv(1, 1_000_000).default(10),
    /** Interval of the SSE feed's heartbeat comment lines. */
    GONGKAI_FEED_HEARTBEAT_MS: intFromEnv(100, 600_000).default(15_000),
    /** Most bytes of stored events one SSE connection reads (and holds encoded) per catch-up page. */
    GONGKAI_FEED_PAGE_BYTES: intFromEnv(1024, 64 * 1024 * 1024).default(256 * 1024),
    /**
     * Most bytes all SSE connections together hold encoded for their sockets; pages wait beyond it. It also
     * bounds what one event-loop turn may copy to sockets, so it is kept small.
     */
    GONGKAI_FEED_BUFFER_BYTES: intFromEnv(1024, 4 * 1024 * 1024 * 1024).default(16 * 1024 * 1024),
    /** An SSE client that takes nothing for this long is disconnected (it resumes with Last-Event-ID). */
    GONGKAI_FEED_STALL_MS: intFromEnv(1_000, 3_600_000).default(60_000),
    /**
     * Worker threads that run the heavy reads (search, findings, reports, red flags) on read-only connections
     * of their own, so they do not hold the event loop; 0 runs them on it.
     */
    GONGKAI_READ_WORKERS: intFromEnv(0, 64).default(1),
    /**
     * Where a process running the projections (GONGKAI_ROLE all or worker) runs them: `1` on a worker thread of
     * their own (its own connections to the store and the read-model file), `0` on the event loop that serves
     * HTTP (for debugging: one thread to step through).
     */
    GONGKAI_PROJECTION_THREAD: z.enum(['0', '1']).default('1'),
    /**
     * The request thread tells the projection thread of its commits at most this often (ms), so a burst of
     * commits wakes that thread once, not once each; 0 tells it of every commit. Its live rounds start at most
     * every 5 ms anyway.
     */
    GONGKAI_PROJECTION_NOTICE_MS: intFromEnv(0, 10_000).default(5),
    /**
     * First delay (ms) before a read-model build that failed (first build, new version, admin rebuild) is
     * tried again; it doubles per failed attempt up to 5 minutes (or this, when longer).
     */
    GONGKAI_READ_MODEL_RETRY_MS: intFromEnv(10, 3_600_000).default(5_000),
    /**
     * Added to the projection thread's nice value (that thread alone): on busy cores the request thread goes
     * first and the read models take what is left. 0 runs it at the process's priority.
     */
    GONGKAI_PROJECTION_NICE: intFromEnv(0, 19).default(0),
    /** Kafka bootstrap servers, comma-separated `host:port`; the Kafka feed runs only when it is set. */
    KAFKA_BROKERS: optionalString,
    /** Topic of the redacted public payload (the publisher's default when unset). */
    GONGKAI_KAFKA_TOPIC: optionalString,
    /** Topic of the full payload, for authorised consumers only (Kafka ACLs); none when unset. */
    GONGKAI_KAFKA_RESTRICTED_TOPIC: optionalString,
    /** Partitions of each topic when the feed creates it. */
    GONGKAI_KAFKA_PARTITIONS: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce.number().int().min(1).max(10_000).optional(),
    ),
    GONGKAI_KAFKA_CLIENT_ID: optionalString,
    /** OCDS publisher prefix (`ocds-` and six characters) registered with the Open Contracting Partnership. */
    GONGKAI_OCDS_PREFIX: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string()
        .regex(OCID_PREFIX_PATTERN, 'must be "ocds-" and six lowercase letters or digits, e.g. ocds-abc123')
        .default(PLACEHOLDER_OCID_PREFIX),
    ),
    /** The organisation named as publisher of the OCDS packages. */
    GONGKAI_OCDS_PUBLISHER: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().trim().min(1).default('gongkai'),
    ),
    /** Public base URL of the service (https://ggzy.example.gov.cn), for URLs in open data; else the request's. */
    GONGKAI_PUBLIC_URL: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .url({ protocol: /^https?$/ })
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
  })
  .superRefine((config, ctx) => {
    if (config.GONGKAI_STORE === 'eventstoredb' && !config.EVENTSTORE_CONNECTION_STRING) {
      ctx.addIssue({
        code: 'custom',
        path: ['EVENTSTORE_CONNECTION_STRING'],
        message: 'is required when GONGKAI_STORE=eventstoredb',
      });
    }
  });

export type RawConfig = z.infer<typeof configSchema>;

/** The validated configuration, in the names the code uses. */
export interface ServiceConfig {
  port: number;
  host: string;
  dataDir: string;
  adminToken?: string;
  store:
    { kind: 'sqlite'; synchronous: 'FULL' | 'NORMAL' } | { kind: 'eventstoredb'; connectionString: string };
  logLevel: RawConfig['GONGKAI_LOG_LEVEL'];
  bodyLimitBytes: number;
  /** Claimed publication time against recording time (see the domain's checkPublicationTime). */
  publicationTolerances: { aheadMs: number; lateWorkingDays: number };
  rateLimitPerMinute: number;
  batchMaxItems: number;
  checkpoint: {
    origin: string;
    keyFile?: string;
    verifyIntervalMs: number;
    intervalMs: number;
    witnesses: { url: string; key: string }[];
  };
  role: 'all' | 'api' | 'worker';
  /** Parsed and defaulted sink targets; empty when no targets file is configured. */
  sinkTargets: SinkTargetConfig[];
  sinkTargetsFile?: string;
  feedHeartbeatMs: number;
  /**
   * Caps on open SSE feed connections (in total and per caller) and on their memory: bytes per catch-up
   * page, bytes held for sockets by all connections, and how long a client may take nothing.
   */
  /** Worker threads for the heavy reads (0: on the event loop). */
  readWorkers: number;
  /** The projections on a worker thread of their own (true, the default) or on the event loop. */
  projectionThread: boolean;
  /** GONGKAI_PROJECTION_NOTICE_MS: least interval between two commit notices to the projection thread. */
  projectionNoticeMs: number;
  /** First delay before a failed read-model build is retried (doubling, capped at 5 min). */
  readModelRetryMs: number;
  /** GONGKAI_PROJECTION_NICE: added to the projection thread's nice value. */
  projectionNice: number;
  feedLimits: {
    maxConnections: number;
    maxPerCaller: number;
    pageBytes: number;
    bufferBytes: number;
    stallMs: number;
  };
  /** The Kafka feed's publisher configuration; undefined (feed off) when KAFKA_BROKERS is unset. */
  kafkaFeed?: KafkaFeedConfig;
  /** OCDS export (docs/ocds.md): ocid prefix, publisher name, public base URL (else the request's). */
  ocds: { ocidPrefix: string; publisherName: string; publicUrl?: string };
  /** Saved webhook subscriptions: the networks their URLs may point into besides public ones, and caps. */
  subscriptions: {
    allowedNetworks: string[];
    perToken: number;
    total: number;
    delivery: { timeoutMs: number; maxDelayMs: number; probeMs: number };
  };
}

/** Thrown when the environment holds a bad value; the message names every failing variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const raw = parsed.data;
  let sinkTargets: SinkTargetConfig[] = [];
  if (raw.GONGKAI_SINK_TARGETS_FILE) {
    try {
      sinkTargets = loadSinkTargets(raw.GONGKAI_SINK_TARGETS_FILE);
    } catch (error) {
      if (error instanceof SinkTargetsFileError)
        throw new ConfigError([`GONGKAI_SINK_TARGETS_FILE: ${error.message}`]);
      throw error;
    }
  }
  const kafkaFeed = kafkaFeedFromEnv(raw);
  return {
    port: raw.PORT,
    host: raw.HOST,
    dataDir: raw.GONGKAI_DATA_DIR,
    adminToken: raw.GONGKAI_ADMIN_TOKEN,
    store:
      raw.GONGKAI_STORE === 'eventstoredb'
        ? { kind: 'eventstoredb', connectionString: raw.EVENTSTORE_CONNECTION_STRING! }
        : { kind: 'sqlite', synchronous: raw.GONGKAI_SQLITE_SYNCHRONOUS },
    logLevel: raw.GONGKAI_LOG_LEVEL,
    bodyLimitBytes: raw.GONGKAI_BODY_LIMIT_BYTES,
    publicationTolerances: {
      aheadMs: raw.GONGKAI_PUBLISHED_AHEAD_TOLERANCE_SECONDS * 1000,
      lateWorkingDays: raw.GONGKAI_LATE_RECORDING_WORKING_DAYS,
    },
    rateLimitPerMinute: raw.GONGKAI_RATE_LIMIT_PER_MINUTE,
    batchMaxItems: raw.GONGKAI_BATCH_MAX_ITEMS,
    checkpoint: {
      origin: raw.GONGKAI_LOG_ORIGIN ?? raw.GONGKAI_CHECKPOINT_ORIGIN,
      keyFile: raw.GONGKAI_CHECKPOINT_KEY_FILE,
      verifyIntervalMs: raw.GONGKAI_INTEGRITY_VERIFY_INTERVAL_MS,
      intervalMs: raw.GONGKAI_CHECKPOINT_INTERVAL_MS,
      witnesses: parseWitnesses(raw.GONGKAI_WITNESSES),
    },
    role: raw.GONGKAI_ROLE,
    sinkTargets,
    sinkTargetsFile: raw.GONGKAI_SINK_TARGETS_FILE,
    feedHeartbeatMs: raw.GONGKAI_FEED_HEARTBEAT_MS,
    readWorkers: raw.GONGKAI_READ_WORKERS,
    projectionThread: raw.GONGKAI_PROJECTION_THREAD === '1',
    projectionNoticeMs: raw.GONGKAI_PROJECTION_NOTICE_MS,
    readModelRetryMs: raw.GONGKAI_READ_MODEL_RETRY_MS,
    projectionNice: raw.GONGKAI_PROJECTION_NICE,
    feedLimits: {
      maxConnections: raw.GONGKAI_FEED_MAX_CONNECTIONS,
      maxPerCaller: raw.GONGKAI_FEED_MAX_PER_CALLER,
      pageBytes: raw.GONGKAI_FEED_PAGE_BYTES,
      bufferBytes: raw.GONGKAI_FEED_BUFFER_BYTES,
      stallMs: raw.GONGKAI_FEED_STALL_MS,
    },
    kafkaFeed,
    ocds: {
      ocidPrefix: raw.GONGKAI_OCDS_PREFIX,
      publisherName: raw.GONGKAI_OCDS_PUBLISHER,
      publicUrl: raw.GONGKAI_PUBLIC_URL,
    },
    subscriptions: {
      allowedNetworks: allowedNetworksFrom(raw.GONGKAI_WEBHOOK_ALLOWED_NETWORKS),
      perToken: raw.GONGKAI_SUBSCRIPTIONS_PER_TOKEN,
      total: raw.GONGKAI_SUBSCRIPTIONS_MAX,
      delivery: {
        timeoutMs: raw.GONGKAI_WEBHOOK_TIMEOUT_MS,
        maxDelayMs: raw.GONGKAI_WEBHOOK_RETRY_MAX_DELAY_MS,
        probeMs: raw.GONGKAI_WEBHOOK_PROBE_MS,
      },
    },
  };
}

/** GONGKAI_WEBHOOK_ALLOWED_NETWORKS: CIDRs, each checked at start. */
function allowedNetworksFrom(value: string | undefined): string[] {
  if (!value) return [];
  const networks = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  try {
    parseAllowedNetworks(networks);
  } catch (error) {
    throw new ConfigError([`GONGKAI_WEBHOOK_ALLOWED_NETWORKS: ${(error as Error).message}`]);
  }
  return networks;
}

/** `<url> <key>, <url> <key>`: the witnesses of GONGKAI_WITNESSES. */
function parseWitnesses(value: string | undefined): { url: string; key: string }[] {
  if (!value) return [];
  return value.split(',').map((entry) => {
    const [url, key, extra] = entry.trim().split(/\s+/);
    if (!url || !key || extra !== undefined || !/^https?:\/\//.test(url)) {
      throw new ConfigError([
        `GONGKAI_WITNESSES: "${entry.trim()}" is not "<http(s) URL> <witness verifier key>"`,
      ]);
    }
    try {
      parseVerifierKey(key);
    } catch (error) {
      throw new ConfigError([
        `GONGKAI_WITNESSES: the key of ${url} is not a witness verifier key: ${(error as Error).message}`,
      ]);
    }
    return { url, key };
  });
}

/** The environment variable behind each field of the publisher's configuration, for error messages. */
const KAFKA_FEED_VARIABLES: Record<string, string> = {
  brokers: 'KAFKA_BROKERS',
  clientId: 'GONGKAI_KAFKA_CLIENT_ID',
  'topics.public': 'GONGKAI_KAFKA_TOPIC',
  'topics.restricted': 'GONGKAI_KAFKA_RESTRICTED_TOPIC',
  partitions: 'GONGKAI_KAFKA_PARTITIONS',
};

/** Maps the KAFKA_* variables onto the publisher's own schema (its defaults apply to what is unset). */
function kafkaFeedFromEnv(raw: RawConfig): KafkaFeedConfig | undefined {
  if (!raw.KAFKA_BROKERS) return undefined;
  const brokers = raw.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
  const malformed = brokers.filter((broker) => !/^(\[[0-9a-fA-F:]+\]|[^\s:/[\]]+):\d{1,5}$/.test(broker));
  if (malformed.length > 0) {
    throw new ConfigError([
      `KAFKA_BROKERS: expected comma-separated host:port, got ${malformed.map((b) => JSON.stringify(b)).join(', ')}`,
    ]);
  }
  const parsed = kafkaFeedConfigSchema.safeParse({
    brokers,
    clientId: raw.GONGKAI_KAFKA_CLIENT_ID,
    topics: { public: raw.GONGKAI_KAFKA_TOPIC, restricted: raw.GONGKAI_KAFKA_RESTRICTED_TOPIC },
    partitions: raw.GONGKAI_KAFKA_PARTITIONS,
  });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const field = issue.path.filter((key) => typeof key === 'string').join('.');
        return `${KAFKA_FEED_VARIABLES[field] ?? `KAFKA_BROKERS (${field})`}: ${issue.message}`;
      }),
    );
  }
  return parsed.data;
}
