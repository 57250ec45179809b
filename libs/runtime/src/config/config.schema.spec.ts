import { generateKeyPairSync } from 'node:crypto';
import { verifierKey } from '@gongkai/event-store';
import { ConfigError, loadConfig } from './config.schema';

describe('loadConfig', () => {
  it('applies the defaults of an empty environment', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      dataDir: './data',
      adminToken: undefined,
      store: { kind: 'sqlite', synchronous: 'FULL' },
      rateLimitPerMinute: 120_000,
    });
  });

  it('reads the variables it is given', () => {
    const config = loadConfig({
      PORT: '3999',
      GONGKAI_DATA_DIR: '/tmp/gk',
      GONGKAI_ADMIN_TOKEN: 'a-long-enough-admin-token',
      GONGKAI_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
    });
    expect(config).toMatchObject({
      port: 3999,
      dataDir: '/tmp/gk',
      adminToken: 'a-long-enough-admin-token',
      store: { kind: 'eventstoredb', connectionString: 'esdb://localhost:2113?tls=false' },
    });
  });

  it('leaves the Kafka feed off without KAFKA_BROKERS and maps the KAFKA_* variables onto it', () => {
    expect(loadConfig({}).kafkaFeed).toBeUndefined();
    expect(loadConfig({ KAFKA_BROKERS: '' }).kafkaFeed).toBeUndefined();
    expect(loadConfig({ KAFKA_BROKERS: 'kafka:9092' }).kafkaFeed).toMatchObject({
      brokers: ['kafka:9092'],
      clientId: 'gongkai-feed',
      topics: { public: 'gongkai.events.public.v1', restricted: undefined },
      partitions: 6,
    });
    const config = loadConfig({
      KAFKA_BROKERS: 'k1:9092, k2:9093',
      GONGKAI_KAFKA_TOPIC: 'disclosures.public',
      GONGKAI_KAFKA_RESTRICTED_TOPIC: 'disclosures.full',
      GONGKAI_KAFKA_PARTITIONS: '12',
      GONGKAI_KAFKA_CLIENT_ID: 'gongkai-nantong',
    });
    expect(config.kafkaFeed).toMatchObject({
      brokers: ['k1:9092', 'k2:9093'],
      clientId: 'gongkai-nantong',
      topics: { public: 'disclosures.public', restricted: 'disclosures.full' },
      partitions: 12,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ GONGKAI_STORE: 'postgres' }, 'GONGKAI_STORE'],
    [{ GONGKAI_STORE: 'eventstoredb' }, 'EVENTSTORE_CONNECTION_STRING'],
    [{ GONGKAI_ADMIN_TOKEN: 'short' }, 'GONGKAI_ADMIN_TOKEN'],
    [{ GONGKAI_LOG_LEVEL: 'loud' }, 'GONGKAI_LOG_LEVEL'],
    [{ KAFKA_BROKERS: 'kafka' }, 'KAFKA_BROKERS'],
    [{ KAFKA_BROKERS: 'kafka:9092,' }, 'KAFKA_BROKERS'],
    [{ KAFKA_BROKERS: 'kafka:9092', GONGKAI_KAFKA_TOPIC: 'bad topic' }, 'GONGKAI_KAFKA_TOPIC'],
    [{ KAFKA_BROKERS: 'kafka:9092', GONGKAI_KAFKA_PARTITIONS: '0' }, 'GONGKAI_KAFKA_PARTITIONS'],
    [
      { KAFKA_BROKERS: 'kafka:9092', GONGKAI_KAFKA_TOPIC: 'a', GONGKAI_KAFKA_RESTRICTED_TOPIC: 'a' },
      'GONGKAI_KAFKA_RESTRICTED_TOPIC',
    ],
    [{ GONGKAI_LOG_ORIGIN: 'has space' }, 'GONGKAI_LOG_ORIGIN'],
    [{ GONGKAI_LOG_ORIGIN: 'a+b' }, 'GONGKAI_LOG_ORIGIN'],
    [{ GONGKAI_WITNESSES: 'ftp://w.example w+00000000+AQ' }, 'GONGKAI_WITNESSES'],
    [{ GONGKAI_WITNESSES: 'https://w.example not-a-key' }, 'GONGKAI_WITNESSES'],
    [{ GONGKAI_WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/8, intranet' }, 'GONGKAI_WEBHOOK_ALLOWED_NETWORKS'],
    [{ GONGKAI_WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/33' }, 'GONGKAI_WEBHOOK_ALLOWED_NETWORKS'],
  ])('refuses %p, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('reads the log origin (older name as fallback) and the witnesses', () => {
    const witnessKey = 'witness.example/w1+6b6fb3b5+BL9X3pV5sp8Qd5aDZnoWPRyBrLsXSH8Hhq2NhRDOSdXG';
    expect(loadConfig({ GONGKAI_CHECKPOINT_ORIGIN: 'old.example' }).checkpoint.origin).toBe('old.example');
    expect(
      loadConfig({ GONGKAI_CHECKPOINT_ORIGIN: 'old.example', GONGKAI_LOG_ORIGIN: 'ggzy.example/log' })
        .checkpoint,
    ).toMatchObject({
      origin: 'ggzy.example/log',
      intervalMs: 10_000,
      verifyIntervalMs: 6 * 3600 * 1000,
      witnesses: [],
    });
    expect(() => loadConfig({ GONGKAI_WITNESSES: `https://w.example ${witnessKey}` })).toThrow(/key id/);
    const real = verifierKey('w1.example', generateKeyPairSync('ed25519').publicKey, 0x04);
    expect(
      loadConfig({ GONGKAI_WITNESSES: `https://w1.example/tlog ${real}, http://127.0.0.1:8742 ${real}` })
        .checkpoint.witnesses,
    ).toEqual([
      { url: 'https://w1.example/tlog', key: real },
      { url: 'http://127.0.0.1:8742', key: real },
    ]);
  });

  it('reads the subscriptions settings: no internal network by default, caps, delivery timings', () => {
    expect(loadConfig({}).subscriptions).toEqual({
      allowedNetworks: [],
      perToken: 10,
      total: 500,
      delivery: { timeoutMs: 10_000, maxDelayMs: 60_000, probeMs: 15_000 },
    });
    expect(
      loadConfig({
        GONGKAI_WEBHOOK_ALLOWED_NETWORKS: ' 10.20.0.0/16 ,fd00::/8,',
        GONGKAI_SUBSCRIPTIONS_PER_TOKEN: '3',
      }).subscriptions,
    ).toMatchObject({ allowedNetworks: ['10.20.0.0/16', 'fd00::/8'], perToken: 3 });
  });
});
