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

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ GONGKAI_STORE: 'postgres' }, 'GONGKAI_STORE'],
    [{ GONGKAI_STORE: 'eventstoredb' }, 'EVENTSTORE_CONNECTION_STRING'],
    [{ GONGKAI_ADMIN_TOKEN: 'short' }, 'GONGKAI_ADMIN_TOKEN'],
    [{ GONGKAI_LOG_LEVEL: 'loud' }, 'GONGKAI_LOG_LEVEL'],
  ])('refuses %p, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
